"""Value makers shared by the corpus generators: valid cards, IBANs, phone numbers, JWTs...

Each maker takes the generator's own `random.Random`, so the tuning set (generate.py) and the
held-out set (heldout.py) draw different values from different seeds. How a value is written
(separators, encodings, the text around it) belongs to each generator, not to this file.
"""
import base64
import json
import string

ALNUM = string.ascii_letters + string.digits


def digits(rnd, n):
    return "".join(rnd.choice(string.digits) for _ in range(n))


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


# Issuer prefixes and lengths, from the brands' published ranges.
CARD_BRANDS = {
    "visa": [("4", (13, 16, 19))],
    "mastercard": [(str(p), (16,)) for p in range(51, 56)] + [(str(p), (16,)) for p in (2221, 2300, 2500, 2720)],
    "amex": [("34", (15,)), ("37", (15,))],
    "discover": [("6011", (16, 19)), ("644", (16,)), ("649", (16,)), ("65", (16, 19)), ("622126", (16,)), ("622925", (16,))],
    "jcb": [(str(p), (16, 17, 18, 19)) for p in (3528, 3530, 3566, 3589)],
    "diners": [("300", (14,)), ("305", (14,)), ("36", (14,)), ("38", (14,)), ("39", (14,))],
    "unionpay": [("62", (16, 17, 18, 19)), ("81", (16,))],
    "maestro": [("5018", (12, 16, 19)), ("5020", (16,)), ("5038", (16,)), ("6304", (16, 19)), ("6759", (16, 18)), ("6762", (16,))],
    "mir": [("2200", (16,)), ("2202", (16, 19)), ("2204", (16,))],
}


def card(rnd, brand=None):
    brand = brand or rnd.choice(list(CARD_BRANDS))
    prefix, lengths = rnd.choice(CARD_BRANDS[brand])
    n = rnd.choice(lengths)
    body = prefix + digits(rnd, n - len(prefix) - 1)
    return brand, body + luhn_digit(body)


def gtin(rnd, n, prefix):
    """A GTIN-12/13/14 (UPC, EAN, ITF-14) with its check digit."""
    body = prefix + digits(rnd, n - len(prefix) - 1)
    total = sum(int(c) * (3 if i % 2 == 0 else 1) for i, c in enumerate(reversed(body)))
    return body + str((10 - total % 10) % 10)


def non_luhn(rnd, n, prefix="4"):
    while True:
        num = prefix + digits(rnd, n - len(prefix))
        if not luhn_ok(num):
            return num


# IBAN length per country (ISO 13616 registry) and which BBANs hold letters.
IBAN_LENGTHS = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BR": 29,
    "CH": 21, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "EE": 20, "ES": 24, "FI": 18, "FR": 27, "GB": 22,
    "GR": 27, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IS": 26, "IT": 27, "LT": 20, "LU": 20, "LV": 21,
    "MT": 31, "NL": 18, "NO": 15, "PL": 28, "PT": 25, "RO": 24, "SA": 24, "SE": 24, "SI": 19, "SK": 24,
    "TR": 26, "UA": 29,
}
IBAN_LETTER_BANKS = {"GB": 4, "NL": 4, "IE": 4, "BG": 4, "RO": 4, "LV": 4, "MT": 4, "BH": 4}


def iban_check(country, bban):
    num = "".join(str(int(c, 36)) for c in bban + country + "00")
    return f"{98 - int(num) % 97:02d}"


def iban(rnd, country=None):
    country = country or rnd.choice(list(IBAN_LENGTHS))
    length = IBAN_LENGTHS[country]
    letters = IBAN_LETTER_BANKS.get(country, 0)
    bban = "".join(rnd.choice(string.ascii_uppercase) for _ in range(letters)) + digits(rnd, length - 4 - letters)
    return country + iban_check(country, bban) + bban


def bad_iban(rnd):
    """An IBAN-shaped string whose check digits are wrong."""
    good = iban(rnd)
    check = int(good[2:4])
    return good[:2] + f"{(check + rnd.randint(1, 90)) % 97 + 2:02d}"[-2:] + good[4:]


# National significant numbers per country calling code: (cc, [patterns]); `X` is any digit,
# `N` 2-9. Written from each numbering plan's published mobile and geographic formats,
# independently of the detector's own table.
PHONE_PLANS = [
    ("1", ["NXX NXX XXXX"]),
    ("44", ["20 XXXX XXXX", "7NXX XXXXXX", "161 XXX XXXX", "1632 XXXXXX", "121 XXX XXXX"]),
    ("49", ["30 XXXXXXXX", "151 XXXXXXXX", "89 XXXXXXX", "170 XXXXXXX", "40 XXXXXXXX", "221 XXXXXXX"]),
    ("33", ["6 XX XX XX XX", "1 XX XX XX XX", "7 XX XX XX XX", "4 XX XX XX XX"]),
    ("39", ["3XX XXX XXXX", "06 XXXX XXXX", "02 XXXX XXXX"]),
    ("34", ["6XX XXX XXX", "91X XXX XXX", "7XX XXX XXX"]),
    ("31", ["6 XXXXXXXX", "20 XXX XXXX", "10 XXX XXXX"]),
    ("32", ["4NX XX XX XX", "2 XXX XX XX"]),
    ("41", ["7N XXX XX XX", "44 XXX XX XX", "22 XXX XX XX"]),
    ("43", ["664 XXXXXXX", "1 XXXXXXX", "676 XXXXXXX"]),
    ("46", ["70 XXX XX XX", "8 XXX XXX XX"]),
    ("47", ["4XX XX XXX", "9XX XX XXX"]),
    ("45", ["NX XX XX XX"]),
    ("358", ["40 XXX XXXX", "50 XXX XXXX", "9 XXXX XXXX"]),
    ("48", ["5XX XXX XXX", "22 XXX XX XX", "6XX XXX XXX"]),
    ("351", ["9XX XXX XXX", "21X XXX XXX"]),
    ("353", ["8X XXX XXXX", "1 XXX XXXX"]),
    ("30", ["69X XXX XXXX", "21X XXX XXXX"]),
    ("420", ["6XX XXX XXX", "7XX XXX XXX"]),
    ("36", ["20 XXX XXXX", "1 XXX XXXX", "30 XXX XXXX"]),
    ("40", ["7XX XXX XXX", "21 XXX XXXX"]),
    ("7", ["9XX XXX XX XX", "495 XXX XX XX"]),
    ("380", ["50 XXX XX XX", "67 XXX XX XX", "93 XXX XX XX"]),
    ("90", ["5XX XXX XX XX", "212 XXX XX XX"]),
    ("972", ["5X XXX XXXX", "3 XXX XXXX"]),
    ("971", ["5X XXX XXXX", "4 XXX XXXX"]),
    ("966", ["5X XXX XXXX"]),
    ("20", ["1X XXXX XXXX", "2 XXXX XXXX"]),
    ("27", ["6X XXX XXXX", "7X XXX XXXX", "21 XXX XXXX"]),
    ("234", ["80X XXX XXXX", "70X XXX XXXX", "90X XXX XXXX"]),
    ("254", ["7XX XXXXXX", "1XX XXXXXX"]),
    ("91", ["9XXXX XXXXX", "7XXXX XXXXX", "80 XXXX XXXX"]),
    ("92", ["3XX XXXXXXX"]),
    ("880", ["1XXX XXXXXX"]),
    ("86", ["13X XXXX XXXX", "18X XXXX XXXX", "10 XXXX XXXX"]),
    ("81", ["90 XXXX XXXX", "80 XXXX XXXX", "3 XXXX XXXX"]),
    ("82", ["10 XXXX XXXX", "2 XXXX XXXX"]),
    ("886", ["9XX XXX XXX", "2 XXXX XXXX"]),
    ("852", ["9XXX XXXX", "6XXX XXXX", "2XXX XXXX"]),
    ("65", ["9XXX XXXX", "8XXX XXXX", "6XXX XXXX"]),
    ("60", ["1X XXX XXXX", "3 XXXX XXXX"]),
    ("66", ["8X XXX XXXX", "2 XXX XXXX"]),
    ("62", ["8XX XXXX XXXX", "21 XXXX XXXX"]),
    ("63", ["9XX XXX XXXX", "2 XXXX XXXX"]),
    ("84", ["9X XXX XX XX", "3X XXX XX XX"]),
    ("61", ["4XX XXX XXX", "2 XXXX XXXX", "3 XXXX XXXX"]),
    ("64", ["21 XXX XXXX", "9 XXX XXXX"]),
    ("55", ["11 9XXXX XXXX", "21 XXXX XXXX"]),
    ("52", ["55 XXXX XXXX", "33 XXXX XXXX"]),
    ("54", ["9 11 XXXX XXXX", "11 XXXX XXXX"]),
    ("57", ["3XX XXX XXXX", "601 XXX XXXX"]),
    ("56", ["9 XXXX XXXX", "2 XXXX XXXX"]),
    ("51", ["9XX XXX XXX", "1 XXX XXXX"]),
]


def fill(rnd, pattern):
    out = []
    for c in pattern:
        if c == "X":
            out.append(rnd.choice(string.digits))
        elif c == "N":
            out.append(str(rnd.randint(2, 9)))
        else:
            out.append(c)
    return "".join(out)


def phone_intl(rnd):
    """(calling code, national number groups): the groups as the plan writes them."""
    cc, patterns = rnd.choice(PHONE_PLANS)
    return cc, fill(rnd, rnd.choice(patterns)).split(" ")


def b64u(raw):
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def jwt(rnd, header, payload):
    sig = b64u(bytes(rnd.randrange(256) for _ in range(32)))
    return f"{b64u(header.encode())}.{b64u(json.dumps(payload).encode())}.{sig}"


def token(rnd, alphabet, n):
    return "".join(rnd.choice(alphabet) for _ in range(n))


def aws_secret(rnd):
    while True:
        s = token(rnd, ALNUM + "/+", 40)
        if any(c.islower() for c in s) and any(c.isupper() for c in s) and any(c.isdigit() for c in s):
            return s


def ssn(rnd):
    area = rnd.choice([a for a in range(1, 900) if a != 666])
    return f"{area:03d}", f"{rnd.randint(1, 99):02d}", f"{rnd.randint(1, 9999):04d}"


def public_ipv4(rnd):
    while True:
        a = rnd.randint(1, 223)
        if a in (10, 127, 100, 169, 172, 192):
            continue
        octets = [a, rnd.randint(0, 255), rnd.randint(0, 255), rnd.randint(1, 254)]
        if max(octets) >= 10:
            return octets


def imei(rnd):
    body = rnd.choice(["35", "86", "01", "99", "49", "44", "45", "53"]) + digits(rnd, 12)
    return body + luhn_digit(body)


def mac(rnd):
    octets = [rnd.randrange(256) for _ in range(6)]
    octets[0] = (octets[0] | 0x02) & 0xFE
    return octets
