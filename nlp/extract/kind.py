"""The kind of document: privacy policy, consent form, web form or other."""
from __future__ import annotations

import re

from nlp.extract.base import DocumentView, Extractor, Finding

FORM_CUE = re.compile(r"必須|入力してください|ご入力|を選択|選択してください|送信する|確認画面|入力内容|\{\{|placeholder")
CONSENT_CUE = re.compile(r"同意(の上|のうえ|いただける|いただいた上|する|します|いただき|して|ください|いただいた方|される場合)|同意書|同意欄|同意する")
POLICY_CUE = re.compile(r"個人情報保護方針|プライバシーポリシー|プライバシー・ポリシー|個人情報(の)?(保護|取扱い)(に関する)?(基本)?方針|個人情報保護規程|個人情報の取り?扱いについて")


class KindExtractor(Extractor):
    """Scores the three kinds by their cues; the dominant one wins."""

    name = "kind"
    field = "kind"

    def extract(self, view: DocumentView) -> list[Finding]:
        text = view.text
        short_lines = sum(1 for ln in view.lines if len(ln.text) <= 16 and "。" not in ln.text)
        form = len(FORM_CUE.findall(text)) + (short_lines / max(len(view.lines), 1) > 0.5) * 3
        consent = len(CONSENT_CUE.findall(text))
        policy = len(POLICY_CUE.findall(text)) + len(text) / 3000
        if form >= 4 and short_lines >= 5 and (len(text) < 4000 or form > policy):
            label, why = "web_form", f"{form:.0f} form cues"
        elif consent >= 2 and consent >= policy:
            label, why = "consent_form", f"{consent} consent cues"
        elif policy >= 1 or len(text) > 1500:
            label, why = "privacy_policy", f"{policy:.1f} policy cues"
        else:
            label, why = "other", "no dominant cue"
        return [self.finding(label, 0, min(len(text), 40), view, 0.7, why)]
