#!/usr/bin/env python3
"""Writes tests/corpus/detectors.tsv: the labelled corpus the detectors are tuned on.

Each line is `label<TAB>text`. `label` is the detector that must fire on the line (positives) or
`none` for telemetry look-alikes on which no detector may fire. Text is JSON-escaped so tabs and
newlines stay on one line. Deterministic (seeded): rerun after changing it and commit the output.
Every evasion class is written on purpose (cycled, not sampled), so each one is covered.
The held-out set (heldout.py) uses another seed and other templates.

    python3 tests/corpus/generate.py > tests/corpus/detectors.tsv
"""
import base64
import json
import random
import string
import uuid

import evasions as ev
import values as v

rnd = random.Random(20261123)
out = []


def emit(label, text):
    out.append(f"{label}\t{json.dumps(text, ensure_ascii=False)}")


CONTEXTS = [
    "{}",
    "contact: {}",
    "Payment failed for {} today",
    "note={}&x=1",
    "({})",
    '"{}"',
    "value {}.",
]


def ctx(value):
    return rnd.choice(CONTEXTS).format(value)


def cycle(n, styles):
    """n picks that walk through `styles` in order, so each is used n/len(styles) times."""
    return [styles[i % len(styles)] for i in range(n)]


# --- email ---------------------------------------------------------------------------------
FIRST = ["jane", "john", "maria", "li", "omar", "anna", "zoe", "lukas", "fatima", "kenji"]
LAST = ["doe", "smith", "garcia", "wang", "khan", "muller", "rossi", "tanaka", "ali", "brown"]
DOMAINS = ["example.com", "mail.example.org", "corp.example.co.uk", "example.io", "uni.example.edu", "example.de"]
IDN = ["müller.example", "xn--mller-kva.example", "exämple.de", "例子.广告", "пример.рф", "xn--80ak6aa92e.com", "bücher.xn--p1ai"]

EMAIL_STYLES = ["plain", "query%40", "double%2540", "entity_dec", "entity_hex", "entity_named", "amp_nested",
                "json_u", "fullwidth_at", "fullwidth_all", "zero_width", "soft_hyphen", "idn", "quoted", "long_local",
                "pct_entity", "entity_pct"]
for style in cycle(330, EMAIL_STYLES):
    local = rnd.choice([f"{rnd.choice(FIRST)}.{rnd.choice(LAST)}", f"{rnd.choice(FIRST)}{v.digits(rnd, 2)}",
                        f"{rnd.choice(FIRST)}+{rnd.choice(['news', 'shop', 'x'])}", f"{rnd.choice(FIRST)}_{rnd.choice(LAST)}",
                        f"{rnd.choice(FIRST).upper()}.{rnd.choice(LAST).title()}"])
    domain = rnd.choice(DOMAINS)
    if style == "idn":
        domain = rnd.choice(IDN)
    elif style == "quoted":
        local = f'"{rnd.choice(FIRST)} {rnd.choice(LAST)}"'
    elif style == "long_local":
        local = ".".join(rnd.choice(FIRST + LAST) for _ in range(rnd.randint(12, 20)))
    addr = f"{local}@{domain}"
    addr = {
        "query%40": lambda a: ev.percent(a, "@"),
        "double%2540": lambda a: ev.percent(a, "@", 2),
        "entity_dec": lambda a: a.replace("@", "&#64;"),
        "entity_hex": lambda a: a.replace("@", "&#x40;").replace(".", "&#x2e;"),
        "entity_named": lambda a: a.replace("@", "&commat;").replace(".", "&period;"),
        "amp_nested": lambda a: a.replace("@", "&amp;#64;"),
        "json_u": lambda a: a.replace("@", "\\u0040"),
        "fullwidth_at": lambda a: a.replace("@", "＠"),
        "fullwidth_all": lambda a: ev.fullwidth(a),
        "zero_width": lambda a: ev.zero_width(rnd, a, 3),
        "soft_hyphen": lambda a: a.replace(".", ".\u00ad", 1).replace("@", "\u00ad@"),
        "pct_entity": lambda a: a.replace("@", "%26%2364%3B"),
        "entity_pct": lambda a: a.replace("@", "&#37;40"),
    }.get(style, lambda a: a)(addr)
    if style in ("query%40", "double%2540"):
        emit("email", f"https://shop.example.com/p?email={addr}&utm_source=x")
    else:
        emit("email", ctx(addr))

# --- phone ---------------------------------------------------------------------------------
PHONE_STYLES = ["intl_space", "intl_dash", "intl_dot", "intl_compact", "intl_paren0", "intl_00", "tel_uri",
                "pct2B", "plus_space_query", "nanp", "national", "fullwidth", "nbsp", "zero_width", "entity",
                "fullwidth_in_escape"]


def nanp():
    a, b = rnd.randint(2, 9), rnd.randint(2, 9)
    area, exch, line = f"{a}{v.digits(rnd, 2)}", f"{b}{v.digits(rnd, 2)}", v.digits(rnd, 4)
    return rnd.choice([f"({area}) {exch}-{line}", f"{area}-{exch}-{line}", f"{area}.{exch}.{line}",
                       f"1-{area}-{exch}-{line}", f"+1 {area} {exch} {line}", f"({area}){exch}-{line}"])


def national():
    return rnd.choice([
        f"030/{v.digits(rnd, 8)}", f"0{rnd.choice(['89', '40', '69', '211'])}/{v.digits(rnd, 7)}",
        f"07{rnd.randint(4, 9)}{v.digits(rnd, 2)} {v.digits(rnd, 6)}", f"020 {v.digits(rnd, 4)} {v.digits(rnd, 4)}",
        f"0{rnd.randint(1, 7)} {v.digits(rnd, 2)} {v.digits(rnd, 2)} {v.digits(rnd, 2)} {v.digits(rnd, 2)}",
        f"0151 {v.digits(rnd, 8)}", f"(030) {v.digits(rnd, 7)}", f"04{v.digits(rnd, 2)} {v.digits(rnd, 3)} {v.digits(rnd, 3)}",
        f"090-{v.digits(rnd, 4)}-{v.digits(rnd, 4)}", f"06-{v.digits(rnd, 8)}",
    ])


for style in cycle(450, PHONE_STYLES):
    cc, groups = v.phone_intl(rnd)
    spaced = f"+{cc} " + " ".join(groups)
    num = {
        "intl_space": spaced,
        "intl_dash": f"+{cc}-" + "-".join(groups),
        "intl_dot": f"+{cc}." + ".".join(groups),
        "intl_compact": f"+{cc}" + "".join(groups),
        "intl_paren0": f"+{cc} (0)" + " ".join(groups),
        "intl_00": f"00{cc} " + " ".join(groups),
        "tel_uri": f"tel:+{cc}-" + "-".join(groups),
        "pct2B": f"%2B{cc}" + "".join(groups),
        "plus_space_query": f"%2B{cc}+" + "+".join(groups),
        "nanp": nanp(),
        "national": national(),
        "fullwidth": ev.fullwidth(spaced),
        "nbsp": ev.spaces(rnd, spaced),
        "zero_width": ev.zero_width(rnd, spaced, 2),
        "entity": spaced.replace("+", "&#43;").replace(" ", "&nbsp;"),
        "fullwidth_in_escape": ev.fullwidth(f"%2B{cc}%20" + "%20".join(groups), "0123456789"),
    }[style]
    if style in ("pct2B", "plus_space_query"):
        emit("phone", f"https://app.example.com/signup?phone={num}&step=2")
    elif style == "tel_uri":
        emit("phone", f'<a href="{num}">call us</a>')
    else:
        emit("phone", ctx(num))

# --- card ----------------------------------------------------------------------------------
CARD_STYLES = ["compact", "space", "dash", "dot", "slash", "mixed", "pct20", "plus", "nbsp", "cc_prefix",
               "fullwidth", "zero_width", "entity_sep"]
brands = list(v.CARD_BRANDS)
for i, style in enumerate(cycle(390, CARD_STYLES)):
    brand, num = v.card(rnd, brands[i % len(brands)])
    fours = [num[j:j + 4] for j in range(0, len(num), 4)]
    if len(num) == 15:
        fours = [num[:4], num[4:10], num[10:]]
    elif len(num) == 14:
        fours = [num[:4], num[4:10], num[10:]]
    text = {
        "compact": num,
        "space": " ".join(fours),
        "dash": "-".join(fours),
        "dot": ".".join(fours),
        "slash": "/".join(fours),
        "mixed": "".join(f + rnd.choice([" ", "-", "."]) for f in fours[:-1]) + fours[-1],
        "pct20": "%20".join(fours),
        "plus": "+".join(fours),
        "nbsp": "\u00a0".join(fours),
        "cc_prefix": "cc_" + num,
        "fullwidth": ev.fullwidth(" ".join(fours)),
        "zero_width": ev.zero_width(rnd, num, 3),
        "entity_sep": "&#32;".join(fours),
    }[style]
    if style in ("pct20", "plus"):
        emit("card", f"https://pay.example.com/checkout?card={text}&cvc=123")
    else:
        emit("card", ctx(text))

# --- iban ----------------------------------------------------------------------------------
IBAN_STYLES = ["compact", "space", "lower", "dash", "nbsp", "lower_space", "mixed_case"]
for style in cycle(280, IBAN_STYLES):
    iban = v.iban(rnd)
    fours = [iban[j:j + 4] for j in range(0, len(iban), 4)]
    text = {
        "compact": iban,
        "space": " ".join(fours),
        "lower": iban.lower(),
        "dash": "-".join(fours),
        "nbsp": "\u00a0".join(fours),
        "lower_space": " ".join(fours).lower(),
        "mixed_case": iban[:2].lower() + iban[2:],
    }[style]
    emit("iban", ctx(text))

# --- ssn -----------------------------------------------------------------------------------
SSN_STYLES = ["dash", "space", "dot", "bare_keyword"]
for style in cycle(240, SSN_STYLES):
    a, g, s = v.ssn(rnd)
    if style == "bare_keyword":
        emit("ssn", rnd.choice([f"SSN: {a}{g}{s}", f"ssn={a}{g}{s}", f"social security no. {a}{g}{s}"]))
    else:
        sep = {"dash": "-", "space": " ", "dot": "."}[style]
        emit("ssn", ctx(f"{a}{sep}{g}{sep}{s}"))

# --- ip ------------------------------------------------------------------------------------
IPV4_STYLES = ["plain", "url", "forwarded", "padded", "integer_url", "fullwidth"]
for style in cycle(280, IPV4_STYLES):
    o = v.public_ipv4(rnd)
    ip = ".".join(map(str, o))
    n = (o[0] << 24) | (o[1] << 16) | (o[2] << 8) | o[3]
    emit("ipv4", {
        "plain": ctx(ip),
        "url": f"http://{ip}:8080/health",
        "forwarded": f"X-Forwarded-For: {ip}, 10.0.0.1",
        "padded": ctx(".".join(f"{x:03d}" for x in ([rnd.randint(1, 9)] + o[1:] if rnd.random() < 0.5 else o))),
        "integer_url": f"http://{n}/login",
        "fullwidth": ctx(ev.fullwidth(ip)),
    }[style])

for _ in range(200):
    groups = [f"{rnd.randint(1, 0xffff):x}" for _ in range(8)]
    groups[0] = rnd.choice(["2001", "2a02", "2606", "fe80", "2400"])
    if rnd.random() < 0.5:
        i = rnd.randint(2, 5)
        ip = ":".join(groups[:i]) + "::" + ":".join(groups[i + 2:])
    else:
        ip = ":".join(groups)
    emit("ipv6", rnd.choice([ctx(ip), f"[{ip}]:443", f"remote {ip}"]))

# --- jwt -----------------------------------------------------------------------------------
JWT_HEADERS = ['{"alg":"HS256","typ":"JWT"}', '{"typ":"JWT","alg":"RS256"}', '{"kid":"abc123","alg":"ES256"}',
               '{"alg": "HS256"}', '{ "alg": "RS256", "typ": "JWT" }', '{\n "alg": "HS256"\n}', '{"alg":"none","typ":"JWT"}']
for i in range(140):
    header = JWT_HEADERS[i % len(JWT_HEADERS)]
    token = v.jwt(rnd, header, {"sub": v.digits(rnd, 8), "name": rnd.choice(FIRST), "iat": 1795357980})
    if '"none"' in header:
        token = token.rsplit(".", 1)[0] + "."
    emit("jwt", rnd.choice([ctx(token), f"https://app.example.com/cb?id_token={token}"]))

# --- secrets -------------------------------------------------------------------------------
UPPER = string.ascii_uppercase + "234567"
for i in range(40):
    key_id = rnd.choice(["AKIA", "ASIA"]) + v.token(rnd, UPPER, 16)
    emit("aws_key", ctx(key_id))
    emit("aws_key", rnd.choice([f"aws_access_key_id={key_id}\naws_secret_access_key={v.aws_secret(rnd)}",
                                f'{{"accessKeyId":"{key_id}","secretAccessKey":"{v.aws_secret(rnd)}"}}']))
    emit("github_token", ctx(rnd.choice(["ghp_", "gho_", "ghs_"]) + v.token(rnd, v.ALNUM, 36)))
    emit("github_token", ctx("github_pat_" + v.token(rnd, v.ALNUM, 22) + "_" + v.token(rnd, v.ALNUM, 59)))
    emit("stripe_key", ctx(rnd.choice(["sk_live_", "rk_live_"]) + v.token(rnd, v.ALNUM, rnd.randint(24, 99))))
    emit("slack_token", ctx(f"xoxb-{v.digits(rnd, 12)}-{v.digits(rnd, 12)}-" + v.token(rnd, v.ALNUM, 24)))
    emit("google_api_key", ctx("AIza" + v.token(rnd, v.ALNUM + "-_", 35)))
    body = "\n".join(v.token(rnd, v.ALNUM + "+/", 64) for _ in range(3))
    kind = rnd.choice(["RSA ", "EC ", "", "OPENSSH "])
    emit("private_key", f"key: -----BEGIN {kind}PRIVATE KEY-----\n{body}\n-----END {kind}PRIVATE KEY-----")
    emit("bearer_token", f"Authorization: Bearer {v.token(rnd, v.ALNUM + '-._', rnd.randint(20, 60))}")
    user = rnd.choice(FIRST) + rnd.choice(["", v.digits(rnd, 3)])
    pw = v.token(rnd, v.ALNUM + "!$%", rnd.randint(4, 16))
    cred = base64.b64encode(f"{user}:{pw}".encode()).decode()
    emit("basic_auth", rnd.choice([f"Authorization: Basic {cred}", f"headers.authorization=Basic {cred}"]))

for _ in range(200):
    user = rnd.choice(FIRST) + v.digits(rnd, 2)
    pw = v.token(rnd, v.ALNUM + "!$", rnd.randint(6, 16))
    if rnd.random() < 0.2:
        pw = ev.percent(pw + "@#", "@#")
    scheme = rnd.choice(["https", "postgres", "redis", "ftp", "mongodb"])
    emit("url_credentials", f"{scheme}://{user}:{pw}@db.example.com:5432/app")

for _ in range(200):
    octets = v.mac(rnd)
    style = rnd.choice([":", "-", "."])
    if style == ".":
        h = "".join(f"{o:02x}" for o in octets)
        mac = f"{h[0:4]}.{h[4:8]}.{h[8:12]}"
        if not any(c.isalpha() for c in mac):
            mac = "a" + mac[1:]
    else:
        mac = style.join(f"{o:02X}" if rnd.random() < 0.5 else f"{o:02x}" for o in octets)
    emit("mac", ctx(mac))

for _ in range(200):
    imei = v.imei(rnd)
    r = rnd.random()
    if r < 0.3:
        imei = f"{imei[:2]}-{imei[2:8]}-{imei[8:14]}-{imei[14]}"
    elif r < 0.4:
        imei = ev.fullwidth(imei)
    emit("imei", ctx(imei))

# --- telemetry look-alikes: nothing may fire ----------------------------------------------
UAS = [
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{v}.0.{b}.{p} Safari/537.36 Edg/{v}.0.{b}.{p}",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.{p} Safari/605.1.15",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_{p} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Android 14; Mobile; rv:{v}.0) Gecko/{v}.0 Firefox/{v}.0",
    "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/{v}.0.{b}.{p} Mobile Safari/537.36",
]
for _ in range(300):
    emit("none", rnd.choice(UAS).format(v=rnd.randint(90, 160), b=rnd.randint(1000, 9999), p=rnd.randint(0, 300)))
for _ in range(300):
    t = rnd.randint(1_600_000_000_000, 1_900_000_000_000)
    emit("none", rnd.choice([str(t), str(t // 1000), f"{t / 1000:.3f}", str(t * 1000), f"{t}000000", f"ajs-next-{t}-{uuid.UUID(int=rnd.getrandbits(128))}"]))
for _ in range(300):
    emit("none", rnd.choice([repr(rnd.random()), f"{rnd.random():.6f}", f"{rnd.uniform(0, 100):.2f}%", str(rnd.randint(0, 100000)),
                             f"sample_rate={rnd.choice(['0.1', '0.5', '1'])}", f"$sample_rate {rnd.random():.4f}"]))
for _ in range(300):
    u = uuid.UUID(int=rnd.getrandbits(128))
    emit("none", rnd.choice([str(u), u.hex, u.hex[:16], f"{u.hex}-{u.hex[:16]}-01", f"00-{u.hex}-{u.hex[:16]}-01",
                             f"span {u.hex[:16]} parent {u.hex[16:]}"]))
for _ in range(400):
    emit("none", rnd.choice([
        f"{rnd.randint(0, 20)}.{rnd.randint(0, 500)}.{rnd.randint(0, 50)}",
        f"v{rnd.randint(0, 20)}.{rnd.randint(0, 99)}.{rnd.randint(0, 99)}",
        f"npm:next-1.{rnd.randint(0, 99)}.{rnd.randint(0, 9)}",
        f"{rnd.randint(1, 200)}.0.0.0",
        f"10.0.{rnd.randint(10000, 22631)}.{rnd.randint(1, 999)}",
        f"amplitude-ts/2.{rnd.randint(0, 60)}.{rnd.randint(0, 9)}",
        f"sentry.javascript.browser/{rnd.randint(7, 11)}.{rnd.randint(0, 40)}.{rnd.randint(0, 9)}",
        f"wiretest@{rnd.randint(1, 9)}.{rnd.randint(0, 9)}.{rnd.randint(0, 9)}",
        f"build {rnd.randint(1, 9)}.{rnd.randint(0, 9)}.{rnd.randint(0, 9)}.{rnd.randint(0, 9)}",
        f"Build {rnd.randint(1, 30)}.{rnd.randint(0, 9)}.{rnd.randint(0, 99)}.{rnd.randint(0, 255)}",
        f"v{rnd.randint(1, 9)}.{rnd.randint(0, 9)}.{rnd.randint(0, 9)}.{rnd.randint(0, 9)}",
        f"version={rnd.randint(1, 9)}.{rnd.randint(0, 20)}.{rnd.randint(0, 20)}.{rnd.randint(1, 200)}",
        f"app_version: {rnd.randint(1, 9)}.{rnd.randint(0, 20)}.{rnd.randint(0, 20)}.{rnd.randint(1, 200)}",
        f"{rnd.randint(1, 9)}.{rnd.randint(0, 9)}.{rnd.randint(0, 9)}-beta.{rnd.randint(1, 9)}+build.{v.digits(rnd, 4)}",
        f"Chrome/{rnd.randint(100, 160)}.0.{rnd.randint(1000, 7000)}.{rnd.randint(0, 200)}",
    ]))
for _ in range(400):
    emit("none", rnd.choice([
        f"${rnd.randint(1, 9999)}.{rnd.randint(0, 99):02d}",
        f"{rnd.randint(1, 9)},{rnd.randint(100, 999)}.00 EUR",
        f"order {v.non_luhn(rnd, 16)}",
        f"ORD-{v.non_luhn(rnd, 16, '5')}",
        v.non_luhn(rnd, 16, rnd.choice(["4", "51", "37", "6011", "35", "62"])),
        f"INV-{rnd.randint(2020, 2026)}-{v.digits(rnd, 6)}",
        f"#{v.digits(rnd, 8)}",
        v.non_luhn(rnd, 15, "35"),
        f"gtin {v.gtin(rnd, 13, rnd.choice(['40', '50', '76', '87']))}",
        f"ean={v.gtin(rnd, 13, rnd.choice(['400', '590', '871']))}",
        f"upc {v.gtin(rnd, 12, rnd.choice(['0', '6', '8']))}",
        f"ISBN 978-{rnd.randint(0, 9)}-{v.digits(rnd, 3)}-{v.digits(rnd, 5)}-{rnd.randint(0, 9)}",
        f"isbn={rnd.choice(['978', '979'])}{v.digits(rnd, 10)}",
        f"order_id={v.digits(rnd, 9)}",
        f"customer {v.digits(rnd, 9)}",
    ]))
for _ in range(300):
    y, mo, d = rnd.randint(2020, 2027), rnd.randint(1, 12), rnd.randint(1, 28)
    h, mi, s = rnd.randint(0, 23), rnd.randint(0, 59), rnd.randint(0, 59)
    emit("none", rnd.choice([
        f"{y}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}.{rnd.randint(0, 999):03d}Z",
        f"{y}-{mo:02d}-{d:02d}", f"{h:02d}:{mi:02d}:{s:02d}", f"{d:02d}/{mo:02d}/{y}",
        f"{y}-{mo:02d}-{d:02d} {h:02d}:{mi:02d}", f"{y}{mo:02d}{d:02d}", f"{d:02d}.{mo:02d}.{y} {h:02d}:{mi:02d}",
        f"{y}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}+0{rnd.randint(1, 9)}:00",
    ]))
for _ in range(300):
    emit("none", rnd.choice([
        "".join(rnd.choice("0123456789abcdef") for _ in range(40)),
        "".join(rnd.choice("0123456789abcdef") for _ in range(64)),
        base64.b64encode(bytes(rnd.randrange(256) for _ in range(18))).decode(),
        "".join(rnd.choice(string.ascii_lowercase + string.digits) for _ in range(16)),
        f"phc_{v.token(rnd, v.ALNUM, 20)}",
        f"sk_test_{v.token(rnd, v.ALNUM, 24)}",
        f"pk_live_{v.token(rnd, v.ALNUM, 24)}",
        f"Basic {base64.b64encode((v.token(rnd, v.ALNUM, 32) + ':').encode()).decode()}",
        "eyJ" + v.b64u(json.dumps({"distinct_id": v.digits(rnd, 6)}).encode())[3:],
        f"#{''.join(rnd.choice('0123456789abcdef') for _ in range(6))}",
        f"#{''.join(rnd.choice('0123456789ABCDEF') for _ in range(3))}",
        f"color:#{''.join(rnd.choice('0123456789abcdef') for _ in range(8))}",
    ]))
for _ in range(500):
    emit("none", rnd.choice([
        f"button.btn.btn-primary:text=\"Buy now\"nth-child=\"{rnd.randint(1, 9)}\"nth-of-type=\"1\"",
        f"/www/{rnd.choice(['posthog', 'segment', 'checkout'])}.html",
        f"http://127.0.0.1:{rnd.randint(1024, 65535)}/www/index.html?utm_source=newsletter",
        f"https://search.example.com/results?q=shoes+size+{rnd.randint(36, 46)}&page={rnd.randint(1, 9)}",
        f"{rnd.randint(320, 3840)}x{rnd.randint(240, 2160)}",
        rnd.choice(["en-US", "de-DE", "UTC", "Europe/Berlin", "Desktop", "Linux", "Chrome"]),
        f"http://localhost:{rnd.randint(1024, 65535)}/api/ping",
        f"{rnd.uniform(-90, 90):.4f},{rnd.uniform(-180, 180):.4f}",
        f"{rnd.uniform(-90, 90):+.6f} {rnd.uniform(-180, 180):+.6f}",
        f"lat {rnd.uniform(-90, 90):.5f} lon {rnd.uniform(-180, 180):.5f}",
        f"HTTP/1.1 {rnd.choice([200, 204, 404, 500])}",
        f"at window.__run (http://127.0.0.1:39599/www/dist/sentry.js:{rnd.randint(1, 40000)}:{rnd.randint(1, 80)})",
        f"1,{v.digits(rnd, 3)},{v.digits(rnd, 3)}",
        f"session {rnd.randint(1, 99)} of {rnd.randint(100, 999)}",
        f"{rnd.randint(1, 9)}{v.digits(rnd, 2)} {v.digits(rnd, 3)} {v.digits(rnd, 3)} {v.digits(rnd, 3)}",
        "ip=$remote", "::", "std::vector<int>", "00:00:00:00:00:00",
        f"avatar@{rnd.randint(2, 3)}x.png", "@media screen", f"npm i @scope/pkg@{rnd.randint(1, 9)}.{rnd.randint(0, 9)}.0",
        f"{v.bad_iban(rnd)}", " ".join(v.bad_iban(rnd)[j:j + 4] for j in range(0, 22, 4)),
        f"ZIP {v.digits(rnd, 5)}-{v.digits(rnd, 4)}", f"UTC+0{rnd.randint(1, 9)}:30", f"+{rnd.randint(1, 50)} more",
        f"score +{rnd.randint(1000, 99999)}", f"q=a%26b%3D{rnd.randint(1, 99)}", f"50%25 off",
        "&amp;&lt;&gt;&quot;", f"path\\\\to\\\\file{rnd.randint(1, 99)}.txt",
    ]))

print("\n".join(out))
