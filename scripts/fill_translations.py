"""Fill empty msgstr entries of a .po file from a JSON dictionary {msgid: msgstr}.

Developers keep each app's Chinese in `<app>/locale/zh_Hans/LC_MESSAGES/django.po`; this helps when many
strings arrive at once. Run makemessages with --no-wrap first so that every msgid is on one line.
Usage: python scripts/fill_translations.py PO_FILE JSON_FILE
Plural entries take a list of one string (Chinese has one plural form).
"""

import json
import re
import sys

po_path, json_path = sys.argv[1], sys.argv[2]
translations = json.load(open(json_path, encoding="utf-8"))
text = open(po_path, encoding="utf-8").read()


def unescape(s: str) -> str:
    return s.encode().decode("unicode_escape").encode("latin-1").decode("utf-8")


def escape(s: str) -> str:
    return s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def fill_single(match: re.Match) -> str:
    msgid = unescape(match.group(1))
    if msgid in translations and isinstance(translations[msgid], str):
        return f'msgid "{match.group(1)}"\nmsgstr "{escape(translations[msgid])}"'
    return match.group(0)


def fill_plural(match: re.Match) -> str:
    msgid = unescape(match.group(1))
    if msgid in translations:
        value = translations[msgid]
        value = value[0] if isinstance(value, list) else value
        return f'msgid "{match.group(1)}"\nmsgid_plural "{match.group(2)}"\nmsgstr[0] "{escape(value)}"'
    return match.group(0)


text = re.sub(r'msgid "(.+)"\nmsgid_plural "(.+)"\nmsgstr\[0\] ""(?:\nmsgstr\[1\] "")?', fill_plural, text)
text = re.sub(r'msgid "(.+)"\nmsgstr ""(?=\n\n|\n?$)', fill_single, text)
text = text.replace(
    '"Plural-Forms: nplurals=INTEGER; plural=EXPRESSION;\\n"', '"Plural-Forms: nplurals=1; plural=0;\\n"'
)
text = text.replace("#, fuzzy\n", "", 1)
open(po_path, "w", encoding="utf-8").write(text)
missing = re.findall(r'msgid "(.+)"\nmsgstr ""\n', text)
print(f"{po_path}: {len(missing)} untranslated", *missing[:20], sep="\n  ")
