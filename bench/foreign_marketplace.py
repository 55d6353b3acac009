"""A messy marketplace written independently of sellergraph's synthetic generator.

The batch's speed on data it did not generate: German and other countries' phones,
Latin and Cyrillic addresses, IPv6, padded values, five date forms, a ``;`` stores CSV
and a gzip links CSV under the platform's own column names. Not a test fixture.

    python bench/foreign_marketplace.py 1000000 DIR [SEED]        # about 95 s at 1M
    sellergraph run --stores DIR/stores.csv --links DIR/links.csv.gz --out OUT -q \
        --columns "shop_id=store_id,state=status,market=platform,created=opened_at,\
terminated=closed_at,reason=closure_reason,shop_name=name,id_type=kind,id_value=value,\
seen_ts=observed_at" --config CFG      # CFG: [normalize] default_region = "DE"

Stores: ';'-separated CSV, columns shop_id;state;market;created;terminated;reason;shop_name
Links:  gzip CSV, columns shop_id,id_type,id_value,seen_ts
Truth:  store_id,operator_id,positive,status,ring(bool)
"""

import os
import sys

import numpy as np
import pandas as pd

N = int(sys.argv[1])
OUT = sys.argv[2]
SEED = int(sys.argv[3]) if len(sys.argv) > 3 else 7
HUB_PHONE_N = int(0.05 * N)
HUB_ADDR_N = int(0.02 * N)
os.makedirs(OUT, exist_ok=True)
rng = np.random.default_rng(SEED)
NBSP = "\u00a0"


def sid(i):
    return f"{i:08d}"


# ---------------------------------------------------------------- stores
status = rng.choice(np.array(["active", "banned", "closed"]), N, p=[0.86, 0.04, 0.10])
opened = (
    pd.Timestamp("2018-01-01")
    + pd.to_timedelta(rng.integers(0, 2300, N), "D")
    + pd.to_timedelta(rng.integers(0, 86400, N), "s")
)
closed = opened + pd.to_timedelta(rng.integers(20, 700, N), "D")
operator = np.arange(N)
in_ring = np.zeros(N, bool)

# planted rings: operator with 1-3 banned stores and 1-3 later (or concurrent) active stores
n_rings = N // 200
perm = rng.permutation(N)
pos = 0
ring_members = []
for _r in range(n_rings):
    kb = rng.integers(1, 4)
    ka = rng.integers(1, 4)
    kc = rng.integers(0, 2)
    m = perm[pos : pos + kb + ka + kc]
    pos += kb + ka + kc
    b, a, c = m[:kb], m[kb : kb + ka], m[kb + ka :]
    status[b] = "banned"
    status[a] = "active"
    status[c] = "closed"
    first_ban = closed[b].min()
    for s in a:
        if rng.random() < 0.75:  # returner
            opened_s = first_ban + pd.Timedelta(
                days=int(rng.integers(1, 200)), seconds=int(rng.integers(0, 86400))
            )
        else:  # sibling
            opened_s = opened[b].min() + pd.Timedelta(days=int(rng.integers(0, 15)))
        ring_members.append((s, opened_s))
    operator[m] = m[0]
    in_ring[m] = True
opened = opened.to_numpy().copy()
for s, o in ring_members:
    opened[s] = np.datetime64(o)
opened = pd.DatetimeIndex(opened)
# innocent closed->reopened operators (negatives): closed store + active store sharing strong ids
n_reopen = N // 400
free = perm[pos:]
pos2 = 0
reopen_pairs = []
for _r in range(n_reopen):
    c, a = free[pos2], free[pos2 + 1]
    pos2 += 2
    status[c] = "closed"
    status[a] = "active"
    operator[a] = c
    reopen_pairs.append((c, a))
# neighbours sharing an address (negatives): groups of 2-4 random stores
n_nb = N // 100

positive = np.zeros(N, bool)
op_has_ban = pd.Series(status == "banned").groupby(operator).transform("any").to_numpy()
positive = (status == "active") & op_has_ban & in_ring
pd.DataFrame(
    {
        "store_id": [sid(i) for i in range(N)],
        "operator_id": operator,
        "positive": positive,
        "status": status,
        "ring": in_ring,
    }
).to_csv(f"{OUT}/truth.csv", index=False)


# ---------------------------------------------------------------- value formatters
def bij(i, M, A=2654435761):
    return (i * A + 12345) % M


def luhn_digit(s):
    tot = 0
    for k, ch in enumerate(reversed(s)):
        d = int(ch)
        if k % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        tot += d
    return str((10 - tot % 10) % 10)


PH = ["DE"] * 5 + ["FR", "GB", "CN", "RU", "US", "PL"]


def phone(serial, style):
    c = PH[serial % len(PH)]
    x = bij(serial, 10**7 - 1)
    if c == "DE":
        p = 170 + serial % 10
        s = f"{x:07d}"
        return [
            f"+49 {p} {s}",
            f"0{p} {s}",
            f"0049 {p}/{s}",
            f"+49 (0){p}-{s}",
            f"0{p}{s}",
            f"+49{p}{s}",
        ][style % 6]
    if c == "FR":
        d = f"{6 + serial % 2}{x % 10**8:08d}"
        return [f"+33 {d[0]} {d[1:3]} {d[3:5]} {d[5:7]} {d[7:9]}", f"0033{d}", f"+33 (0){d}"][
            style % 3
        ]
    if c == "GB":
        d = f"79{x % 10**8:08d}"
        return [f"+44 {d[:4]} {d[4:]}", f"0044 (0){d[:4]} {d[4:]}", f"+44{d}"][style % 3]
    if c == "CN":
        d = f"13{serial % 10}{x % 10**8:08d}"
        return [f"+86 {d[:3]} {d[3:7]} {d[7:]}", f"0086-{d}", f"(+86){d}"][style % 3]
    if c == "RU":
        d = f"91{serial % 10}{x:07d}"
        return [f"+7 ({d[:3]}) {d[3:6]}-{d[6:8]}-{d[8:]}", f"+7{d}", f"007 {d}"][style % 3]
    if c == "US":
        area = [212, 310, 415, 646][serial % 4]
        ex = 200 + x % 700
        ln = x % 10000
        return [
            f"+1 ({area}) {ex}-{ln:04d}",
            f"001 {area} {ex} {ln:04d}",
            f"+1-{area}-{ex}-{ln:04d}",
        ][style % 3]
    d = f"5{serial % 10}{x % 10**7:07d}"
    return [f"+48 {d[:3]} {d[3:6]} {d[6:]}", f"0048{d}"][style % 2]


DOM = [
    "gmail.com",
    "web.de",
    "gmx.de",
    "outlook.com",
    "yandex.ru",
    "qq.com",
    "163.com",
    "orange.fr",
    "googlemail.com",
    "mail.ru",
]
FIRST = [
    "jan",
    "anna",
    "jürgen",
    "marie",
    "ivan",
    "olga",
    "wei",
    "li",
    "pierre",
    "zoë",
    "lukas",
    "sofia",
]
LAST = [
    "müller",
    "schmidt",
    "dupont",
    "petrov",
    "zhang",
    "wang",
    "smith",
    "kowalski",
    "novak",
    "garcia",
]


def email(serial, style):
    f = FIRST[serial % 12]
    last = LAST[(serial // 12) % 10]
    n = serial
    dom = DOM[(serial // 7) % len(DOM)]
    if dom in ("gmail.com", "googlemail.com"):
        loc = f"{f}{last}{n}".encode("ascii", "ignore").decode()
        v = [
            f"{loc}@{dom}",
            f"{f}.{last}.{n}@{dom}".upper(),
            f"{f}.{last}{n}+shop{style}@gmail.com",
            f"{f}{last}.{n}@googlemail.com",
        ][style % 4]
        return (
            v.encode("ascii", "ignore").decode()
            if "@gmail" in v.lower() or "googlemail" in v.lower()
            else v
        )
    if dom in ("qq.com",):
        return f"{100000 + bij(serial, 10**9)}@qq.com"
    loc = f"{f}.{last}{n}"
    return [f"{loc}@{dom}", f"{loc}@{dom}".upper(), f" {loc.capitalize()}@{dom.capitalize()}"][
        style % 3
    ]


def device(serial, style):
    t = serial % 3
    if t == 0:
        body = f"35{bij(serial, 10**12):012d}"
        imei = body + luhn_digit(body)
        return [imei, f"IMEI: {imei[:2]}-{imei[2:8]}-{imei[8:14]}-{imei[14]}", f"imei:{imei}"][
            style % 3
        ]
    if t == 1:
        h = f"{bij(serial, 16**12):012x}a7{serial % 256:02x}"
        return [h, h.upper()][style % 2]
    h = f"{bij(serial, 16**12):012x}{serial:020x}"
    u = f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:32]}"
    return [u.upper(), u][style % 2]


def payment(serial, style):
    if serial % 2 == 0:  # German IBAN-ish
        acct = f"{bij(serial, 10**10):010d}"
        blz = f"{10000000 + serial % 89999999:08d}"
        iban = f"DE{(serial % 89) + 10}{blz}{acct}"
        return [iban, " ".join(iban[i : i + 4] for i in range(0, len(iban), 4)), iban.lower()][
            style % 3
        ]
    body = f"4{bij(serial, 10**14):014d}"
    card = body + luhn_digit(body)
    return [
        card,
        f"{card[:4]} {card[4:8]} {card[8:12]} {card[12:]}",
        f"{card[:4]}-{card[4:8]}-{card[8:12]}-{card[12:]}",
    ][style % 3]


def id_doc(serial, style):
    if serial % 3 == 0:  # CN resident id with check digit
        w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        q = serial // 3
        day = q // 1000
        body = (
            f"{110105 + (day // 14600) % 800000:06d}{1960 + (day // 336) % 40}"
            f"{1 + (day // 28) % 12:02d}{1 + day % 28:02d}{q % 1000:03d}"
        )
        chk = "10X98765432"[sum(int(a) * b for a, b in zip(body, w, strict=False)) % 11]
        v = body + chk
        return [v, v.lower(), f"{v[:6]} {v[6:14]} {v[14:]}"][style % 3]
    alnum = "CFGHJKLMNPRTVWXYZ0123456789"
    x = bij(serial, 27**8)
    s = ""
    for _ in range(8):
        s += alnum[x % 27]
        x //= 27
    v = "L" + s
    return [v, v.lower(), f"{v[:4]} {v[4:]}"][style % 3]


STREETS_DE = [
    "Königstraße",
    "Hauptstraße",
    "Bahnhofstraße",
    "Schloßallee",
    "Müllerweg",
    "Gärtnerplatz",
]
CITIES_DE = [("80331", "München"), ("10115", "Berlin"), ("50667", "Köln"), ("04109", "Leipzig")]
STREETS_FR = [
    "Rue de la Paix",
    "Avenue des Champs-Élysées",
    "Boulevard Saint-Germain",
    "Rue Ménilmontant",
]
STREETS_RU = ["ул. Ленина", "пр. Мира", "ул. Тверская", "наб. Фонтанки"]
CITIES_RU = ["Москва", "Санкт-Петербург", "Казань"]
ZH = [
    ("广东省", "深圳市", "南山区", "科技园路"),
    ("浙江省", "杭州市", "西湖区", "文三路"),
    ("福建省", "莆田市", "荔城区", "镇海街道"),
]
FW = str.maketrans("0123456789", "０１２３４５６７８９")


def address(serial, style):
    t = serial % 4
    a = 1 + serial % 199
    b = 1 + (serial // 199) % 999
    c = serial // (199 * 999)
    if t == 0:
        st = STREETS_DE[c % 6]
        pz, city = CITIES_DE[(serial // 7) % 4]
        v = f"{st} {a}, Whg. {b}-{c}, {pz} {city}"
        return [v, v.upper(), v.replace(",", ""), f"  {v}  "][style % 4]
    if t == 1:
        st = STREETS_FR[c % 4]
        v = f"{a} {st}, Apt {b}-{c}, 75002 Paris"
        return [v, v.upper(), v.replace(",", " ")][style % 3]
    if t == 2:
        st = STREETS_RU[c % 4]
        city = CITIES_RU[(serial // 7) % 3]
        v = f"{st}, д. {a}, кв. {b}-{c}, {city}"
        return [v, v.upper(), v.replace(",", "")][style % 3]
    p, ci, di, rd = ZH[c % 3]
    v = f"{p}{ci}{di}{rd}{a}号{b}栋{c}室"
    return [v, v.translate(FW), f"{p[:-1]}{ci[:-1]}{di}{rd}{a}号{b}栋{c}室"][style % 3]


def ip(serial, style):
    if serial % 10 == 0:
        x = bij(serial, 2**32)
        return f"2a02:{x >> 16 & 0xFFFF:x}:{x & 0xFFFF:x}::{serial % 65536:x}"
    x = 1 + bij(serial, 200 * 2**24) + 2**24  # 1.x.x.x upward-ish, avoid 0.
    o = [(x >> 24) % 223 + 1, x >> 16 & 255, x >> 8 & 255, x & 255]
    if o[0] in (10, 127, 172, 192, 169, 100):
        o[0] = 81
    return ".".join(map(str, o))


FMT = {
    "phone": phone,
    "email": email,
    "device": device,
    "payment_account": payment,
    "id_document": id_doc,
    "address": address,
    "ip": ip,
}
# kind labels as exports spell them: case and padding vary (the loader folds them)
KIND_OK = {
    "phone": ["phone", " Phone", "PHONE"],
    "email": ["email", "Email"],
    "device": ["device", "Device"],
    "payment_account": ["payment_account", "Payment Account"],
    "id_document": ["id_document", "ID Document"],
    "address": ["address", "Address "],
    "ip": ["ip", "IP"],
}

# ------------------------------------------- link rows (store_idx, kind, serial)
rows_store, rows_kind, rows_serial = [], [], []
KINDS = list(FMT)
counter = {k: 1000 for k in KINDS}


def fresh(kind, n):
    s = np.arange(counter[kind], counter[kind] + n)
    counter[kind] += n
    return s


def add(kind, stores, serials):
    rows_store.append(np.asarray(stores))
    rows_kind.append(np.full(len(stores), KINDS.index(kind), np.int8))
    rows_serial.append(np.asarray(serials))


allst = np.arange(N)
# background: own identifiers
add("phone", allst, fresh("phone", N))
add("email", allst, fresh("email", N))
d2 = rng.random(N) < 0.5
add("device", allst, fresh("device", N))
add("device", allst[d2], fresh("device", d2.sum()))
add("payment_account", allst, fresh("payment_account", N))
add("address", allst, fresh("address", N))
add("ip", allst, fresh("ip", N))
i2 = rng.random(N) < 0.6
add("ip", allst[i2], fresh("ip", i2.sum()))
idd = rng.random(N) < 0.5
add("id_document", allst[idd], fresh("id_document", idd.sum()))
# carrier NAT IPs (hubs, 50-300 stores each)
nat = rng.random(N) < 0.15
nat_st = allst[nat]
n_nat = max(1, len(nat_st) // 150)
nat_serials = fresh("ip", n_nat)
add("ip", nat_st, nat_serials[rng.integers(0, n_nat, len(nat_st))])
# neighbours / coworking addresses (2-4 stores each): innocent sharing
nb_st = rng.choice(N, n_nb * 3, replace=False)
nb_ser = fresh("address", n_nb)
add("address", nb_st, np.repeat(nb_ser, 3))
# planted ring identifiers
ring_truth = []
ring_idx = np.nonzero(in_ring)[0]
for _op, mem in pd.Series(ring_idx).groupby(operator[ring_idx]):
    mem = mem.to_numpy()
    pool = {k: fresh(k, 1)[0] for k in KINDS}
    pool["phone2"] = fresh("phone", 1)[0]
    for _j, s in enumerate(mem):
        got = 0
        for k, p in [
            ("payment_account", 0.45),
            ("device", 0.5),
            ("id_document", 0.3),
            ("phone", 0.55),
            ("email", 0.5),
            ("address", 0.5),
            ("ip", 0.5),
        ]:
            if rng.random() < p:
                add(k, [s], [pool[k]])
                got += k in ("payment_account", "device", "id_document", "phone", "email")
        if got == 0:
            k = ["payment_account", "device", "phone"][rng.integers(0, 3)]
            add(k, [s], [pool[k]])
# innocent reopeners (closed -> active, same operator, not an offender)
for c, a in reopen_pairs:
    p = fresh("payment_account", 1)[0]
    d = fresh("device", 1)[0]
    add("payment_account", [c, a], [p, p])
    add("device", [c, a], [d, d])

store_idx = np.concatenate(rows_store)
kind_idx = np.concatenate(rows_kind)
serial = np.concatenate(rows_serial)
L = len(store_idx)
style = rng.integers(0, 12, L)
print("base link rows", L, flush=True)

values = np.empty(L, object)
for ki, k in enumerate(KINDS):
    m = np.nonzero(kind_idx == ki)[0]
    f = FMT[k]
    values[m] = [f(int(a), int(b)) for a, b in zip(serial[m], style[m], strict=True)]
print("formatted", flush=True)

# hubs: support hotline phone (50k stores), courier warehouse (20k stores)
hub_ph = rng.choice(N, HUB_PHONE_N, replace=False)
hub_ph_vals = np.array(
    ["+49 30 5683 2000", "030 56832000", "+49 (0)30-568 320 00", "0049 30 56832000"], object
)
hub_ad = rng.choice(N, HUB_ADDR_N, replace=False)
hub_ad_vals = np.array(
    [
        "DHL Lager Nord, Industriestraße 5, 04435 Schkeuditz",
        "DHL LAGER NORD INDUSTRIESTRASSE 5 04435 SCHKEUDITZ",
        "DHL Lager Nord, Industriestraße 5, 04435 Schkeuditz ",
    ],
    object,
)
store_idx = np.concatenate([store_idx, hub_ph, hub_ad])
kind_idx = np.concatenate(
    [kind_idx, np.full(HUB_PHONE_N, 0, np.int8), np.full(HUB_ADDR_N, 5, np.int8)]
)
values = np.concatenate(
    [
        values,
        hub_ph_vals[rng.integers(0, 4, HUB_PHONE_N)],
        hub_ad_vals[rng.integers(0, 3, HUB_ADDR_N)],
    ]
)
L = len(store_idx)

# noise
u = rng.random(L)
values = values.copy()
pad = u < 0.03
values[pad] = [NBSP + v + " " if i % 2 else "\t" + v + NBSP for i, v in enumerate(values[pad])]
emp = (u >= 0.03) & (u < 0.04)
values[emp] = ""
ph_ = (u >= 0.04) & (u < 0.045)
values[ph_] = np.array(["N/A", "unknown", "-", "null", "无", "0"], object)[
    rng.integers(0, 6, ph_.sum())
]

store_str = np.array([sid(i) for i in store_idx], object)
pads = rng.random(L) < 0.01
store_str[pads] = [" " + s + NBSP for s in store_str[pads]]
kinds_lbl = np.empty(L, object)
for ki, k in enumerate(KINDS):
    m = kind_idx == ki
    opts = np.array(KIND_OK[k], object)
    kinds_lbl[m] = opts[rng.integers(0, len(opts), m.sum())]

seen = pd.Timestamp("2023-01-01") + pd.to_timedelta(rng.integers(0, 600 * 86400, L), "s")
fmt_choice = rng.integers(0, 5, L)
seen_str = np.empty(L, object)
sy = seen.strftime("%Y-%m-%dT%H:%M:%SZ").to_numpy()
sb = seen.strftime("%Y-%m-%d %H:%M:%S+01:00").to_numpy()
sc = seen.strftime("%d.%m.%Y %H:%M").to_numpy()
sd = seen.strftime("%d/%m/%Y").to_numpy()
se = seen.strftime("%Y-%m-%d").to_numpy()
for i, arr in enumerate([sy, sb, sc, sd, se]):
    seen_str[fmt_choice == i] = arr[fmt_choice == i]
seen_str[rng.random(L) < 0.02] = ""

links = pd.DataFrame(
    {"shop_id": store_str, "id_type": kinds_lbl, "id_value": values, "seen_ts": seen_str}
)
# unknown stores
n_unk = int(L * 0.005)
unk = links.sample(n_unk, random_state=1).copy()
unk["shop_id"] = [f"9{x:08d}" for x in rng.integers(0, 10**8, n_unk)]
# exact duplicates
dup = links.sample(int(L * 0.02), random_state=2)
links = pd.concat([links, unk, dup], ignore_index=True)
links = links.sample(frac=1.0, random_state=3).reset_index(drop=True)
print("links rows", len(links), flush=True)
links.to_csv(f"{OUT}/links.csv.gz", index=False, compression={"method": "gzip", "compresslevel": 1})

# stores file
stat_lbl = {
    "active": ["active", "Active", "ACTIVE "],
    "banned": ["banned", "Banned", " BANNED"],
    "closed": ["closed", "Closed"],
}
st_out = np.empty(N, object)
for k, opts in stat_lbl.items():
    m = status == k
    st_out[m] = np.array(opts, object)[rng.integers(0, len(opts), m.sum())]


def dates(ts, kinds):
    a = ts.strftime("%Y-%m-%d").to_numpy()
    b = ts.strftime("%Y-%m-%dT%H:%M:%S+02:00").to_numpy()
    c = ts.strftime("%d.%m.%Y").to_numpy()
    d = ts.strftime("%d/%m/%Y %H:%M").to_numpy()
    e = ts.strftime("%Y-%m-%d %H:%M:%S UTC").to_numpy()
    out = np.empty(len(ts), object)
    for i, arr in enumerate([a, b, c, d, e]):
        out[kinds == i] = arr[kinds == i]
    return out


created = dates(opened, rng.integers(0, 5, N))
term = dates(pd.DatetimeIndex(closed), rng.integers(0, 5, N))
term[status == "active"] = ""
names = [f"Shop {FIRST[i % 12].title()}; {LAST[i % 10].title()} #{i}" for i in range(N)]
stores = pd.DataFrame(
    {
        "shop_id": [sid(i) for i in range(N)],
        "state": st_out,
        "market": np.array(["de", "fr", "pl"], object)[rng.integers(0, 3, N)],
        "created": created,
        "terminated": term,
        "reason": np.where(
            status == "banned", "Fälschung", np.where(status == "closed", "freiwillig", "")
        ),
        "shop_name": names,
    }
)
stores.to_csv(f"{OUT}/stores.csv", sep=";", index=False)
# write expected UTC opened date for checking
pd.DataFrame(
    {
        "store_id": stores.shop_id,
        "created": created,
        "opened_utc": pd.DatetimeIndex(opened).tz_localize(None),
    }
).to_parquet(f"{OUT}/dates.parquet")
print("done stores", N, "links", len(links))
