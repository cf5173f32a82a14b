#!/usr/bin/env python3
"""Writes tests/corpus/heldout.tsv: the HELD-OUT corpus, never used to tune the detectors.

Same format as detectors.tsv (`label<TAB>json string`), but its own seed and its own
templates: values are embedded in log lines, form bodies, HTML and error messages rather than
the tuning set's short contexts, encodings are mixed differently, and the look-alikes come from
other telemetry fields (OpenTelemetry attributes, Sentry releases, GTINs, tracking numbers...).
It was written before the detectors it measures and is only ever read whole, as a score.

    python3 tests/corpus/heldout.py > tests/corpus/heldout.tsv
"""
import base64
import json
import random
import string
import uuid

import evasions as enc
import values as v

rnd = random.Random(7_340_019)
out = []


def emit(label, text):
    out.append(f"{label}\t{json.dumps(text, ensure_ascii=False)}")


WRAP = [
    "[INFO] {} action=login",
    "level=warn msg=\"contact changed\" value={}",
    "<td>{}</td>",
    "ValidationError: {} is not allowed here",
    '{{"contact":"{}","source":"web"}}',
    "Reply to {} before Friday",
    "user note: {} (verified)",
    "{}",
    "> {}",
    "field[3]={};",
]


def wrap(value):
    return rnd.choice(WRAP).format(value)


def maybe_evade(value, chars, wide=None):
    """With some probability, one evasion: `wide` (default `chars`) to fullwidth, or `chars`
    escaped, or invisible characters inserted."""
    r = rnd.random()
    if r < 0.55:
        return value
    if r < 0.62:
        return enc.fullwidth(value, wide or chars)
    if r < 0.69:
        return enc.zero_width(rnd, value, rnd.randint(1, 3))
    if r < 0.76:
        return enc.entity(rnd, value, chars)
    if r < 0.83:
        return enc.json_escape(value, chars)
    if r < 0.91:
        return enc.percent(value, chars, 1)
    return enc.percent(value, chars, 2)


# --- positives -----------------------------------------------------------------------------
NAMES = ["sofia", "mateo", "amara", "yusuf", "ingrid", "chen", "priya", "olga", "tomas", "aiko", "noah", "leila"]
SURNAMES = ["lindqvist", "okafor", "novak", "haddad", "schmidt", "costa", "ivanova", "suzuki", "moreau", "patel"]
HOSTS = ["mailbox.test", "post.example.net", "company.example", "students.example.ac.uk", "example.fr", "kunden.example.at"]
IDN_HOSTS = ["bücher.example", "xn--bcher-kva.example", "münchen.example.de", "例え.テスト", "почта.example", "xn--e1afmkfd.xn--p1ai"]

for _ in range(180):
    name, sur = rnd.choice(NAMES), rnd.choice(SURNAMES)
    local = rnd.choice([f"{name}.{sur}", f"{name[0]}{sur}{v.digits(rnd, 3)}", f"{name}-{sur}", f"{sur}+billing",
                        f"{name}.{sur}.{v.digits(rnd, 4)}.long.alias.for.newsletters.and.more.words"])
    host = rnd.choice(IDN_HOSTS) if rnd.random() < 0.15 else rnd.choice(HOSTS)
    if rnd.random() < 0.05:
        local = f'"{name} {sur}"'
    addr = maybe_evade(f"{local}@{host}", "@.")
    emit("email", rnd.choice([wrap(addr), f"mailto:{addr}?subject=Order", f"https://app.example/invite?to={addr}&ref=mail"]))

for _ in range(200):
    style = rnd.random()
    cc, groups = v.phone_intl(rnd)
    if style < 0.55:
        sep = rnd.choice([" ", " ", "-", ".", ""])
        num = f"+{cc} " + sep.join(groups) if sep else f"+{cc}" + "".join(groups)
        if cc in ("44", "49", "33", "41", "43", "31") and rnd.random() < 0.2:
            num = f"+{cc} (0){' '.join(groups)}"
        num = rnd.choice([num, num, f"00{num[1:]}", f"tel:{num.replace(' ', '-')}", num.replace("+", "%2B"),
                          num.replace(" ", "+").replace("+", "%2B", 1)])
    elif style < 0.8:
        a, b = rnd.randint(2, 9), rnd.randint(2, 9)
        area, exch, line = f"{a}{v.digits(rnd, 2)}", f"{b}{v.digits(rnd, 2)}", v.digits(rnd, 4)
        num = rnd.choice([f"({area}) {exch}-{line}", f"{area}-{exch}-{line}", f"{area}.{exch}.{line}", f"1 ({area}) {exch} {line}"])
    else:
        num = rnd.choice([
            f"0{rnd.choice(['30', '40', '89', '221'])}/{v.digits(rnd, 7)}",
            f"07{rnd.randint(4, 9)}{v.digits(rnd, 2)} {v.digits(rnd, 6)}",
            f"020 {v.digits(rnd, 4)} {v.digits(rnd, 4)}",
            f"0{rnd.randint(1, 7)} {v.digits(rnd, 2)} {v.digits(rnd, 2)} {v.digits(rnd, 2)} {v.digits(rnd, 2)}",
            f"04{v.digits(rnd, 2)} {v.digits(rnd, 3)} {v.digits(rnd, 3)}",
            f"090-{v.digits(rnd, 4)}-{v.digits(rnd, 4)}",
            f"(0{rnd.randint(2, 9)}{v.digits(rnd, 2)}) {v.digits(rnd, 6)}",
        ])
    emit("phone", wrap(maybe_evade(num, " +", "0123456789+-")))

for _ in range(220):
    brand, num = v.card(rnd)
    style = rnd.random()
    if style < 0.5 and len(num) >= 16:
        sep = rnd.choice([" ", "-", ".", "/", "+", "%20", "\u00a0"])
        num = sep.join(num[i:i + 4] for i in range(0, len(num), 4))
    elif style < 0.6 and len(num) == 15:
        num = f"{num[:4]} {num[4:10]} {num[10:]}"
    elif style < 0.7 and len(num) == 16:
        num = f"{num[:4]} {num[4:8]}-{num[8:12]}.{num[12:]}"
    num = maybe_evade(num, " -", "0123456789")
    emit("card", rnd.choice([wrap(num), f"pan={num}&exp=12/29", f"cc_{num}", f"card ending {num} declined"]))

for _ in range(150):
    iban = v.iban(rnd)
    style = rnd.random()
    if style < 0.4:
        iban = " ".join(iban[i:i + 4] for i in range(0, len(iban), 4))
    elif style < 0.55:
        iban = "-".join(iban[i:i + 4] for i in range(0, len(iban), 4))
    elif style < 0.7:
        iban = iban.lower()
    elif style < 0.8:
        iban = "\u00a0".join(iban[i:i + 4] for i in range(0, len(iban), 4))
    emit("iban", rnd.choice([wrap(iban), f"Überweisung an {iban} bis Freitag", f"iban={iban}"]))

for _ in range(150):
    a, g, s = v.ssn(rnd)
    style = rnd.random()
    if style < 0.5:
        text = wrap(f"{a}-{g}-{s}")
    elif style < 0.7:
        text = wrap(f"{a} {g} {s}")
    elif style < 0.85:
        text = f"SSN {a}.{g}.{s} on file"
    else:
        text = rnd.choice([f"ssn: {a}{g}{s}", f"SSN#{a}{g}{s}", f"Social Security Number {a}{g}{s}"])
    emit("ssn", text)

for _ in range(150):
    o = v.public_ipv4(rnd)
    ip = ".".join(map(str, o))
    style = rnd.random()
    if style < 0.15:
        ip = ".".join(f"{x:03d}" for x in o)
    elif style < 0.25:
        n = (o[0] << 24) | (o[1] << 16) | (o[2] << 8) | o[3]
        emit("ipv4", f"http://{n}/admin")
        continue
    emit("ipv4", rnd.choice([wrap(ip), f"remote_addr={ip}", f"X-Real-IP: {ip}", f"connect to {ip}:5432 failed",
                             f"for={ip};proto=https"]))

for _ in range(150):
    groups = [f"{rnd.randint(1, 0xffff):x}" for _ in range(8)]
    groups[0] = rnd.choice(["2001", "2a00", "2607", "fd12", "2c0f"])
    style = rnd.random()
    if style < 0.4:
        i = rnd.randint(2, 5)
        ip = ":".join(groups[:i]) + "::" + ":".join(groups[i + 2:])
    elif style < 0.5:
        ip = "::ffff:" + ".".join(map(str, v.public_ipv4(rnd)))
    else:
        ip = ":".join(groups)
    emit("ipv6", rnd.choice([wrap(ip), f"http://[{ip}]:8080/", f"client {ip} port 51234"]))

HEADERS = [
    '{"alg":"RS256","kid":"k1"}', '{"typ":"JWT","alg":"HS512"}', '{"kid":"2024-11","alg":"ES256","typ":"at+jwt"}',
    '{ "alg": "HS256", "typ": "JWT" }', '{\n  "alg": "RS256"\n}', '{"alg":"none"}', '{"cty":"JWT","alg":"PS256"}',
]
for _ in range(120):
    header = rnd.choice(HEADERS)
    tok = v.jwt(rnd, header, {"sub": str(uuid.UUID(int=rnd.getrandbits(128))), "scope": "read", "exp": 1732000000})
    if '"none"' in header:
        tok = tok.rsplit(".", 1)[0] + "."
    emit("jwt", rnd.choice([wrap(tok), f"Cookie: session={tok}; path=/", f"#access_token={tok}&token_type=bearer"]))

for _ in range(50):
    key_id = rnd.choice(["AKIA", "ASIA"]) + v.token(rnd, string.ascii_uppercase + "234567", 16)
    emit("aws_key", wrap(key_id))
    secret = v.aws_secret(rnd)
    emit("aws_key", rnd.choice([f"export AWS_ACCESS_KEY_ID={key_id} AWS_SECRET_ACCESS_KEY={secret}",
                                f'{{"AccessKeyId":"{key_id}","SecretAccessKey":"{secret}"}}']))
    gh = rnd.choice([rnd.choice(["ghp_", "ghs_", "ghu_"]) + v.token(rnd, v.ALNUM, 36),
                     "github_pat_" + v.token(rnd, v.ALNUM, 22) + "_" + v.token(rnd, v.ALNUM, 59)])
    emit("github_token", wrap(gh))
    emit("stripe_key", wrap("sk_live_" + v.token(rnd, v.ALNUM, rnd.randint(24, 99))))
    emit("slack_token", wrap(rnd.choice(["xoxp-", "xoxb-", "xapp-1-"]) + f"{v.digits(rnd, 11)}-{v.digits(rnd, 12)}-" + v.token(rnd, v.ALNUM, 32)))
    emit("google_api_key", wrap("AIza" + v.token(rnd, v.ALNUM + "-_", 35)))
    body = "\n".join(v.token(rnd, v.ALNUM + "+/", 64) for _ in range(rnd.randint(2, 5)))
    kind = rnd.choice(["RSA ", "EC ", "ENCRYPTED ", ""])
    emit("private_key", f"-----BEGIN {kind}PRIVATE KEY-----\n{body}\n-----END {kind}PRIVATE KEY-----")
    emit("bearer_token", rnd.choice(["authorization: bearer ", "Authorization=Bearer%20", "BEARER "]) + v.token(rnd, v.ALNUM + "-._~", rnd.randint(16, 80)))
    user = rnd.choice(NAMES) + v.digits(rnd, 2)
    pw = v.token(rnd, v.ALNUM + "!#$", rnd.randint(6, 20))
    cred = base64.b64encode(f"{user}:{pw}".encode()).decode()
    emit("basic_auth", rnd.choice([f"Authorization: Basic {cred}", f"auth=Basic {cred}", f"basic {cred}"]))

for _ in range(120):
    user = rnd.choice(NAMES)
    pw = v.token(rnd, v.ALNUM + "%!", rnd.randint(8, 20))
    emit("url_credentials", rnd.choice([f"amqp://{user}:{pw}@broker.internal:5672/vhost", f"dsn=mysql://{user}:{pw}@10.0.0.5/app",
                                        f"git clone https://{user}:{pw}@git.example.com/repo.git"]))

for _ in range(120):
    o = v.mac(rnd)
    style = rnd.random()
    if style < 0.5:
        m = ":".join(f"{x:02x}" for x in o)
    elif style < 0.8:
        m = "-".join(f"{x:02X}" for x in o)
    else:
        h = "".join(f"{x:02x}" for x in o)
        m = f"{h[0:4]}.{h[4:8]}.{h[8:12]}"
        if not any(c.isalpha() for c in m):
            continue
    emit("mac", rnd.choice([wrap(m), f"wlan0 ether {m} txqueuelen 1000", f"bssid={m}"]))

for _ in range(120):
    i = v.imei(rnd)
    if rnd.random() < 0.3:
        i = f"{i[:8]}-{i[8:14]}-{i[14]}"
    emit("imei", rnd.choice([wrap(i), f"device imei {i}", f"IMEI:{i}"]))

# --- look-alikes: nothing may fire ----------------------------------------------------------
def hexs(n):
    return "".join(rnd.choice("0123456789abcdef") for _ in range(n))


def lookalike():
    k = rnd.randrange(24)
    if k == 0:
        return rnd.choice([f"build {rnd.randint(1, 9)}.{rnd.randint(0, 9)}.{rnd.randint(0, 9)}.{rnd.randint(1, 9)}",
                           f"version {rnd.randint(1, 12)}.{rnd.randint(0, 30)}.{rnd.randint(0, 9)}.{rnd.randint(1, 99)}",
                           f"FW {rnd.randint(1, 5)}.{rnd.randint(0, 9)}.{rnd.randint(0, 99)}.{rnd.randint(1, 300)}",
                           f"v{rnd.randint(1, 20)}.{rnd.randint(0, 9)}.{rnd.randint(0, 9)}.{rnd.randint(0, 9999)}"])
    if k == 1:
        v_ = rnd.randint(100, 140)
        return rnd.choice([f"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v_}.0.{rnd.randint(4000, 7000)}.{rnd.randint(1, 200)} Safari/537.36",
                           f"Mozilla/5.0 (Linux; Android {rnd.randint(10, 15)}; Pixel {rnd.randint(4, 9)} Build/AP1A.{rnd.randint(240000, 241231)}.{rnd.randint(1, 30):03d}) AppleWebKit/537.36 Chrome/{v_}.0.0.0 Mobile Safari/537.36",
                           f"Mozilla/5.0 (iPad; CPU OS {rnd.randint(15, 18)}_{rnd.randint(0, 6)} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/{v_}.0.{rnd.randint(4000, 7000)}.{rnd.randint(1, 200)} Mobile/15E148 Safari/604.1"])
    if k == 2:
        return rnd.choice([f"lat={rnd.uniform(-90, 90):.6f}&lng={rnd.uniform(-180, 180):.6f}", f"geo:{rnd.uniform(-90, 90):.4f},{rnd.uniform(-180, 180):.4f}",
                           f"{rnd.uniform(-90, 90):+.5f}, {rnd.uniform(-180, 180):+.5f}", f"POINT({rnd.uniform(-180, 180):.6f} {rnd.uniform(-90, 90):.6f})"])
    if k == 3:
        isbn = "978" + v.digits(rnd, 9)
        check = (10 - sum((1 if i % 2 == 0 else 3) * int(c) for i, c in enumerate(isbn)) % 10) % 10
        isbn += str(check)
        return rnd.choice([f"ISBN {isbn[:3]}-{isbn[3]}-{isbn[4:7]}-{isbn[7:12]}-{isbn[12]}", f"isbn={isbn}", f"ISBN-13: {isbn}"])
    if k == 4:
        return rnd.choice([f"order #{v.digits(rnd, 9)}", f"PO-{rnd.randint(2020, 2026)}-{v.digits(rnd, 6)}", f"INV {rnd.randint(2020, 2026)} {v.digits(rnd, 3)} {v.digits(rnd, 3)}",
                           f"tracking 1Z{v.token(rnd, string.ascii_uppercase + string.digits, 16)}", f"gtin 40{v.digits(rnd, 11)}",
                           f"SKU-{v.digits(rnd, 5)}-{v.digits(rnd, 4)}"])
    if k == 5:
        return rnd.choice([f"traceparent 00-{hexs(32)}-{hexs(16)}-01", f"span_id={hexs(16)}", f"trace_id {hexs(32)}", f"sentry-trace {hexs(32)}-{hexs(16)}-1",
                           f"x-b3-traceid: {hexs(16)}"])
    if k == 6:
        t = rnd.randint(1_650_000_000, 1_900_000_000)
        return rnd.choice([str(t), f"{t}{v.digits(rnd, 3)}", f"{t}.{v.digits(rnd, 6)}", f"{t}{v.digits(rnd, 9)}", f"duration_ns={rnd.randint(10**6, 10**11)}",
                           f"Fri, {rnd.randint(1, 28):02d} Nov 2024 {rnd.randint(0, 23):02d}:{rnd.randint(0, 59):02d}:00 +0000", f"PT{rnd.randint(1, 9)}H{rnd.randint(1, 59)}M"])
    if k == 7:
        return rnd.choice([f"#{hexs(6)}", f"#{hexs(3).upper()}", f"rgb({rnd.randint(0, 255)}, {rnd.randint(0, 255)}, {rnd.randint(0, 255)})", f"color: #{hexs(8)}"])
    if k == 8:
        return rnd.choice([f"{rnd.randint(0, 9)}.{rnd.randint(0, 40)}.{rnd.randint(0, 20)}-rc.{rnd.randint(1, 9)}+sha.{hexs(7)}", f"frontend@{rnd.randint(1, 9)}.{rnd.randint(0, 20)}.{rnd.randint(0, 30)}",
                           f"@sentry/browser@{rnd.randint(7, 9)}.{rnd.randint(0, 40)}.{rnd.randint(0, 9)}", f"posthog-js/{rnd.randint(1, 2)}.{rnd.randint(100, 200)}.{rnd.randint(0, 9)}"])
    if k == 9:
        return rnd.choice([str(uuid.UUID(int=rnd.getrandbits(128))), "01" + v.token(rnd, "0123456789ABCDEFGHJKMNPQRSTVWXYZ", 24), v.token(rnd, v.ALNUM + "_-", 21)])
    if k == 10:
        return rnd.choice([f"€{rnd.randint(1, 9)}.{rnd.randint(100, 999)},{rnd.randint(0, 99):02d}", f"USD {rnd.randint(1, 99)},{rnd.randint(100, 999)}.{rnd.randint(0, 99):02d}",
                           f"¥{rnd.randint(1, 99)},{rnd.randint(100, 999)}", f"{rnd.randint(1, 9)} {rnd.randint(100, 999)},00 €", f"total_cents={rnd.randint(100, 10**7)}"])
    if k == 11:
        return rnd.choice([f"sampleRate={rnd.choice(['0.1', '0.25', '1.0', '0.05'])}", f"replaysSessionSampleRate: {rnd.random():.2f}", f"tracesSampleRate {rnd.random():.3f}"])
    if k == 12:
        return rnd.choice([f"service.version={rnd.randint(0, 5)}.{rnd.randint(0, 30)}.{rnd.randint(0, 9)}", f"process.pid {rnd.randint(100, 99999)}", f"http.status_code {rnd.choice([200, 301, 404, 503])}",
                           f"net.peer.port {rnd.randint(1024, 65535)}", f"telemetry.sdk.version {rnd.randint(1, 2)}.{rnd.randint(0, 30)}.{rnd.randint(0, 9)}"])
    if k == 13:
        return rnd.choice([f"$lib_version {rnd.randint(1, 2)}.{rnd.randint(100, 200)}.{rnd.randint(0, 9)}", f"$screen_height {rnd.randint(600, 2160)}", f"$time {rnd.randint(1_700_000_000, 1_800_000_000)}.{v.digits(rnd, 3)}",
                           f"session_id {rnd.randint(1_700_000_000_000, 1_800_000_000_000)}", f"device_model iPhone{rnd.randint(10, 16)},{rnd.randint(1, 8)}", f"os_version {rnd.randint(14, 18)}.{rnd.randint(0, 6)}.{rnd.randint(0, 3)}"])
    if k == 14:
        key = v.token(rnd, v.ALNUM, 32)
        return rnd.choice([f"Authorization: Basic {base64.b64encode((key + ':').encode()).decode()}", f"writeKey={key}", "Bearer undefined", "Bearer null", "bearer of bad news"])
    if k == 15:
        return rnd.choice([v.bad_iban(rnd), " ".join(v.bad_iban(rnd)[i:i + 4] for i in range(0, 22, 4)), f"BIC {rnd.choice(['DEUTDEFF', 'COBADEFFXXX', 'BNPAFRPPXXX'])}"])
    if k == 16:
        return rnd.choice([f"logo@{rnd.randint(2, 3)}x.png", "@media (max-width: 600px)", "user@localhost", f"icon-{rnd.randint(16, 512)}@2x.webp", "@import url(theme.css)"])
    if k == 17:
        return rnd.choice([f"ZIP {v.digits(rnd, 5)}-{v.digits(rnd, 4)}", f"range {rnd.randint(1000, 4999)}-{rnd.randint(5000, 9999)}", f"page {rnd.randint(1, 99)} of {rnd.randint(100, 999)}",
                           f"+{rnd.randint(1, 9)}.{rnd.randint(0, 9)}%", f"GMT+{rnd.randint(0, 12):02d}00", f"{rnd.randint(1, 999)},{v.digits(rnd, 3)},{v.digits(rnd, 3)}"])
    if k == 18:
        return rnd.choice([f"{rnd.randint(1, 9)}.{rnd.randint(0, 9)}.{rnd.randint(0, 9)}", f"10.0.{rnd.randint(10000, 26100)}.{rnd.randint(1, 5000)}", f"Darwin {rnd.randint(20, 24)}.{rnd.randint(0, 6)}.0",
                           "255.255.255.0", "0.0.0.0", "127.0.0.1", f"{rnd.randint(1, 223)}.{rnd.randint(0, 255)}.{rnd.randint(0, 255)}.0/24"])
    if k == 19:
        return rnd.choice([f"{rnd.randint(0, 23):02d}:{rnd.randint(0, 59):02d}:{rnd.randint(0, 59):02d}.{v.digits(rnd, 3)}", "00:00:00:00:00:00", f"{hexs(12)}", f"{hexs(2)}:{hexs(2)}:{hexs(2)}"])
    if k == 20:
        return rnd.choice(["eyJ" + v.b64u(json.dumps({"x": rnd.randint(0, 9)}).encode())[3:], f"{v.token(rnd, v.ALNUM, 12)}.{v.token(rnd, v.ALNUM, 12)}.{v.token(rnd, v.ALNUM, 12)}",
                           "sk_test_" + v.token(rnd, v.ALNUM, 24), "pk_live_" + v.token(rnd, v.ALNUM, 24), "ghp_" + v.token(rnd, v.ALNUM, 10), "AKIA" + v.token(rnd, string.ascii_uppercase, 8)])
    if k == 21:
        return rnd.choice([f"{rnd.randint(320, 3840)}x{rnd.randint(240, 2160)}", f"devicePixelRatio {rnd.choice(['2', '2.625', '3', '1.5'])}", f"viewport {rnd.randint(300, 2000)}×{rnd.randint(300, 1200)}"])
    if k == 22:
        return rnd.choice([f"{rnd.randint(2020, 2026)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}T{rnd.randint(0, 23):02d}:{rnd.randint(0, 59):02d}:{rnd.randint(0, 59):02d}+02:00",
                           f"{rnd.randint(1, 28):02d}.{rnd.randint(1, 12):02d}.{rnd.randint(2020, 2026)}", f"{rnd.randint(1, 12)}/{rnd.randint(1, 28)}/{rnd.randint(2020, 2026)} {rnd.randint(1, 12)}:{rnd.randint(0, 59):02d} PM"])
    return rnd.choice([f"at t.render (https://cdn.example.com/app.{hexs(8)}.js:{rnd.randint(1, 9)}:{rnd.randint(1, 99999)})", f"chunk-{hexs(8)}.js", f"/api/v{rnd.randint(1, 3)}/items/{rnd.randint(1, 10**6)}",
                       f"https://www.example.com/p/{rnd.randint(10**5, 10**7)}?variant={rnd.randint(10**12, 10**13)}"])


for _ in range(3000):
    emit("none", lookalike())

print("\n".join(out))
