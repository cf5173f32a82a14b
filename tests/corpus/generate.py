#!/usr/bin/env python3
"""Writes tests/corpus/detectors.tsv: a labelled corpus for the built-in detectors.

Each line is `label<TAB>text`. `label` is the detector that must fire on the line (positives) or
`none` for telemetry look-alikes on which no detector may fire. Text is JSON-escaped so tabs and
newlines stay on one line. Deterministic (seeded): rerun after changing it and commit the output.

    python3 tests/corpus/generate.py > tests/corpus/detectors.tsv
"""
import base64
import json
import random
import string
import uuid

rnd = random.Random(20261123)
out = []


def emit(label, text):
    out.append(f"{label}\t{json.dumps(text)}")


def luhn_digit(body):
    total = 0
    for i, d in enumerate(reversed(body)):
        v = int(d)
        if i % 2 == 0:
            v *= 2
            if v > 9:
                v -= 9
        total += v
    return str((10 - total % 10) % 10)


def luhn_ok(num):
    return luhn_digit(num[:-1]) == num[-1]


def digits(n):
    return "".join(rnd.choice(string.digits) for _ in range(n))


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


# --- positives -----------------------------------------------------------------------------
FIRST = ["jane", "john", "maria", "li", "omar", "anna", "zoe", "lukas", "fatima", "kenji"]
LAST = ["doe", "smith", "garcia", "wang", "khan", "muller", "rossi", "tanaka", "ali", "brown"]
DOMAINS = ["example.com", "mail.example.org", "corp.example.co.uk", "example.io", "uni.example.edu", "example.de"]
for _ in range(200):
    local = rnd.choice([
        f"{rnd.choice(FIRST)}.{rnd.choice(LAST)}",
        f"{rnd.choice(FIRST)}{digits(2)}",
        f"{rnd.choice(FIRST)}+{rnd.choice(['news', 'shop', 'x'])}",
        f"{rnd.choice(FIRST)}_{rnd.choice(LAST)}",
        f"{rnd.choice(FIRST).upper()}.{rnd.choice(LAST).title()}",
    ])
    addr = f"{local}@{rnd.choice(DOMAINS)}"
    if rnd.random() < 0.2:
        emit("email", f"https://shop.example.com/p?email={addr.replace('@', '%40')}&utm_source=x")
    else:
        emit("email", ctx(addr))

for _ in range(200):
    a, b = rnd.randint(2, 9), rnd.randint(2, 9)
    area, exch, line = f"{a}{digits(2)}", f"{b}{digits(2)}", digits(4)
    fmt = rnd.choice([
        f"+1 {area} {exch} {line}", f"({area}) {exch}-{line}", f"{area}-{exch}-{line}",
        f"{area}.{exch}.{line}", f"1-{area}-{exch}-{line}", f"+1{area}{exch}{line}",
        f"+44 20 {digits(4)} {digits(4)}", f"+49 151 {digits(8)}", f"07{digits(3)} {digits(6)}",
        f"0{rnd.randint(1, 5)} {digits(2)} {digits(2)} {digits(2)} {digits(2)}", f"+33 6 {digits(2)} {digits(2)} {digits(2)} {digits(2)}",
        f"020 {digits(4)} {digits(4)}", f"0044 20 {digits(4)} {digits(4)}",
    ])
    emit("phone", ctx(fmt))

CARD_PREFIXES = [("4", 16), ("4", 13), ("51", 16), ("55", 16), ("2221", 16), ("2720", 16), ("34", 15),
                 ("37", 15), ("6011", 16), ("65", 16), ("3528", 16), ("3589", 16), ("36", 14), ("62", 16)]
for _ in range(200):
    prefix, n = rnd.choice(CARD_PREFIXES)
    body = prefix + digits(n - len(prefix) - 1)
    num = body + luhn_digit(body)
    style = rnd.random()
    if style < 0.4 and n == 16:
        num = " ".join(num[i:i + 4] for i in range(0, 16, 4))
    elif style < 0.6 and n == 16:
        num = "-".join(num[i:i + 4] for i in range(0, 16, 4))
    elif style < 0.7 and n == 15:
        num = f"{num[:4]} {num[4:10]} {num[10:]}"
    emit("card", ctx(num))

IBAN_COUNTRIES = {"DE": 22, "GB": 22, "FR": 27, "NL": 18, "ES": 24, "IT": 27, "BE": 16, "CH": 21, "AT": 20, "PL": 28}


def iban_check(country, bban):
    rearranged = bban + country + "00"
    num = "".join(str(int(c, 36)) for c in rearranged)
    return f"{98 - int(num) % 97:02d}"


for _ in range(200):
    country, length = rnd.choice(list(IBAN_COUNTRIES.items()))
    if country in ("GB", "NL"):
        bank = "".join(rnd.choice(string.ascii_uppercase) for _ in range(4))
        bban = bank + digits(length - 8)
    else:
        bban = digits(length - 4)
    iban = country + iban_check(country, bban) + bban
    if rnd.random() < 0.4:
        iban = " ".join(iban[i:i + 4] for i in range(0, len(iban), 4))
    emit("iban", ctx(iban))

for _ in range(200):
    area = rnd.choice([a for a in range(1, 900) if a != 666])
    sep = rnd.choice(["-", " "])
    emit("ssn", ctx(f"{area:03d}{sep}{rnd.randint(1, 99):02d}{sep}{rnd.randint(1, 9999):04d}"))

for _ in range(200):
    first = rnd.choice([o for o in range(1, 224) if o not in (10, 127)])
    ip = f"{first}.{rnd.randint(0, 255)}.{rnd.randint(0, 255)}.{rnd.randint(1, 254)}"
    emit("ipv4", rnd.choice([ctx(ip), f"client ip={ip}", f"http://{ip}:8080/health", f"X-Forwarded-For: {ip}"]))

for _ in range(200):
    groups = [f"{rnd.randint(1, 0xffff):x}" for _ in range(8)]
    groups[0] = rnd.choice(["2001", "2a02", "2606", "fe80", "2400"])
    if rnd.random() < 0.5:
        i = rnd.randint(2, 5)
        ip = ":".join(groups[:i]) + "::" + ":".join(groups[i + 2:])
    else:
        ip = ":".join(groups)
    emit("ipv6", rnd.choice([ctx(ip), f"[{ip}]:443", f"remote {ip}"]))


def b64u(raw):
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


for _ in range(100):
    header = b64u(json.dumps({"alg": rnd.choice(["HS256", "RS256", "ES256"]), "typ": "JWT"}).encode())
    payload = b64u(json.dumps({"sub": digits(8), "name": rnd.choice(FIRST), "iat": 1795357980}).encode())
    sig = b64u(bytes(rnd.randrange(256) for _ in range(32)))
    token = f"{header}.{payload}.{sig}"
    emit("jwt", rnd.choice([ctx(token), f"https://app.example.com/cb?id_token={token}"]))

ALNUM = string.ascii_letters + string.digits
UPPER = string.ascii_uppercase + "234567"
for _ in range(40):
    emit("aws_key", ctx(rnd.choice(["AKIA", "ASIA"]) + "".join(rnd.choice(UPPER) for _ in range(16))))
    emit("github_token", ctx(rnd.choice(["ghp_", "gho_", "ghs_"]) + "".join(rnd.choice(ALNUM) for _ in range(36))))
    emit("stripe_key", ctx(rnd.choice(["sk_live_", "rk_live_"]) + "".join(rnd.choice(ALNUM) for _ in range(rnd.randint(24, 99)))))
    emit("slack_token", ctx(f"xoxb-{digits(12)}-{digits(12)}-" + "".join(rnd.choice(ALNUM) for _ in range(24))))
    emit("google_api_key", ctx("AIza" + "".join(rnd.choice(ALNUM + "-_") for _ in range(35))))
    body = "\n".join("".join(rnd.choice(ALNUM + "+/") for _ in range(64)) for _ in range(3))
    kind = rnd.choice(["RSA ", "EC ", "", "OPENSSH "])
    emit("private_key", f"key: -----BEGIN {kind}PRIVATE KEY-----\n{body}\n-----END {kind}PRIVATE KEY-----")
    emit("bearer_token", f"Authorization: Bearer {''.join(rnd.choice(ALNUM + '-._') for _ in range(rnd.randint(20, 60)))}")

for _ in range(200):
    user = rnd.choice(FIRST) + digits(2)
    pw = "".join(rnd.choice(ALNUM + "!$%") for _ in range(rnd.randint(6, 16)))
    scheme = rnd.choice(["https", "postgres", "redis", "ftp", "mongodb"])
    emit("url_credentials", f"{scheme}://{user}:{pw}@db.example.com:5432/app")

for _ in range(200):
    octets = [rnd.randrange(256) for _ in range(6)]
    octets[0] |= 0x02
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
    body = rnd.choice(["35", "86", "01", "99", "49", "44"]) + digits(12)
    imei = body + luhn_digit(body)
    if rnd.random() < 0.3:
        imei = f"{imei[:2]}-{imei[2:8]}-{imei[8:14]}-{imei[14]}"
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
    emit("none", rnd.choice([repr(rnd.random()), f"{rnd.random():.6f}", f"{rnd.uniform(0, 100):.2f}%", str(rnd.randint(0, 100000))]))
for _ in range(300):
    u = uuid.UUID(int=rnd.getrandbits(128))
    emit("none", rnd.choice([str(u), u.hex, u.hex[:16], f"{u.hex}-{u.hex[:16]}-01", f"00-{u.hex}-{u.hex[:16]}-01"]))
for _ in range(300):
    emit("none", rnd.choice([
        f"{rnd.randint(0, 20)}.{rnd.randint(0, 500)}.{rnd.randint(0, 50)}",
        f"v{rnd.randint(0, 20)}.{rnd.randint(0, 99)}.{rnd.randint(0, 99)}",
        f"npm:next-1.{rnd.randint(0, 99)}.{rnd.randint(0, 9)}",
        f"{rnd.randint(1, 200)}.0.0.0",
        f"10.0.{rnd.randint(10000, 22631)}.{rnd.randint(1, 999)}",
        f"amplitude-ts/2.{rnd.randint(0, 60)}.{rnd.randint(0, 9)}",
        f"sentry.javascript.browser/{rnd.randint(7, 11)}.{rnd.randint(0, 40)}.{rnd.randint(0, 9)}",
        f"wiretest@{rnd.randint(1, 9)}.{rnd.randint(0, 9)}.{rnd.randint(0, 9)}",
    ]))


def non_luhn(n, prefix="4"):
    while True:
        num = prefix + digits(n - len(prefix))
        if not luhn_ok(num):
            return num


for _ in range(300):
    emit("none", rnd.choice([
        f"${rnd.randint(1, 9999)}.{rnd.randint(0, 99):02d}",
        f"{rnd.randint(1, 9)},{rnd.randint(100, 999)}.00 EUR",
        f"order {non_luhn(16)}",
        f"ORD-{non_luhn(16, '5')}",
        non_luhn(16, rnd.choice(["4", "51", "37", "6011"])),
        f"INV-{rnd.randint(2020, 2026)}-{digits(6)}",
        f"#{digits(8)}",
        non_luhn(15, "35"),
    ]))
for _ in range(300):
    y, mo, d = rnd.randint(2020, 2027), rnd.randint(1, 12), rnd.randint(1, 28)
    h, mi, s = rnd.randint(0, 23), rnd.randint(0, 59), rnd.randint(0, 59)
    emit("none", rnd.choice([
        f"{y}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}.{rnd.randint(0, 999):03d}Z",
        f"{y}-{mo:02d}-{d:02d}", f"{h:02d}:{mi:02d}:{s:02d}", f"{d:02d}/{mo:02d}/{y}",
        f"{y}-{mo:02d}-{d:02d} {h:02d}:{mi:02d}", f"{y}{mo:02d}{d:02d}",
    ]))
for _ in range(300):
    emit("none", rnd.choice([
        "".join(rnd.choice("0123456789abcdef") for _ in range(40)),
        "".join(rnd.choice("0123456789abcdef") for _ in range(64)),
        base64.b64encode(bytes(rnd.randrange(256) for _ in range(18))).decode(),
        "".join(rnd.choice(string.ascii_lowercase + string.digits) for _ in range(16)),
        f"phc_{''.join(rnd.choice(ALNUM) for _ in range(20))}",
        f"sk_test_{''.join(rnd.choice(ALNUM) for _ in range(24))}",
        f"pk_live_{''.join(rnd.choice(ALNUM) for _ in range(24))}",
    ]))
for _ in range(300):
    emit("none", rnd.choice([
        f"button.btn.btn-primary:text=\"Buy now\"nth-child=\"{rnd.randint(1, 9)}\"nth-of-type=\"1\"",
        f"/www/{rnd.choice(['posthog', 'segment', 'checkout'])}.html",
        f"http://127.0.0.1:{rnd.randint(1024, 65535)}/www/index.html?utm_source=newsletter",
        f"https://search.example.com/results?q=shoes+size+{rnd.randint(36, 46)}",
        f"{rnd.randint(320, 3840)}x{rnd.randint(240, 2160)}",
        rnd.choice(["en-US", "de-DE", "UTC", "Europe/Berlin", "Desktop", "Linux", "Chrome"]),
        f"http://localhost:{rnd.randint(1024, 65535)}/api/ping",
        f"{rnd.uniform(-90, 90):.4f},{rnd.uniform(-180, 180):.4f}",
        f"HTTP/1.1 {rnd.choice([200, 204, 404, 500])}",
        f"{rnd.randint(1, 9)}.{rnd.randint(0, 9)}.{rnd.randint(0, 99)}-beta.{rnd.randint(1, 9)}+build.{digits(4)}",
        f"at window.__run (http://127.0.0.1:39599/www/dist/sentry.js:{rnd.randint(1, 40000)}:{rnd.randint(1, 80)})",
        f"1,{digits(3)},{digits(3)}",
        f"session {rnd.randint(1, 99)} of {rnd.randint(100, 999)}",
        f"{rnd.randint(1, 9)}{digits(2)} {digits(3)} {digits(3)} {digits(3)}",
        "ip=$remote",
        "::",
        "std::vector<int>",
        "00:00:00:00:00:00",
    ]))

print("\n".join(out))
