"""Scan throughput: documents/s and characters/s with one worker and with two.

    .venv/bin/python -m benchmarks.bench_scan [--documents 200] [--reference appi-2022|none]

Builds synthetic policy-like documents in a temporary folder, scans them once
per worker count and prints the rates and the ratio. Not a test: nothing is
asserted.
"""
from __future__ import annotations

import argparse
import random
import tempfile
import time
from functools import partial
from pathlib import Path

from nlp.batch import scan
from nlp.pipeline import Analyzer

ORGANIZATIONS = ["株式会社あおば書房", "みどり信用金庫", "一般社団法人ひかり地域振興会", "有限会社つばさ運輸",
                 "医療法人こもれび会", "合同会社なぎさソフト", "学校法人はるかぜ学園", "株式会社ほしぞら旅行"]
ITEMS = ["氏名", "住所", "電話番号", "メールアドレス", "生年月日", "性別", "勤務先", "購入履歴",
         "クレジットカード情報", "位置情報", "閲覧履歴", "健康状態に関する情報", "口座番号"]
PURPOSES = ["商品の発送及び代金の請求", "お問い合わせへの回答", "新サービスに関するご案内の送付",
            "会員資格の確認及び会員情報の管理", "アンケートの実施及び集計", "不正利用の防止",
            "サービス改善のための統計資料の作成", "採用選考及び入社手続", "診療及び診療報酬の請求"]
EXCEPTIONS = ["ご本人の同意がある場合", "法令に基づく場合",
              "人の生命、身体又は財産の保護のために必要な場合であって、ご本人の同意を得ることが困難であるとき",
              "利用目的の達成に必要な範囲内で業務の全部又は一部を委託する場合",
              "合併その他の事由による事業の承継に伴って提供される場合"]
PARTNERS = ["あおばロジスティクス株式会社", "グループ各社", "提携先のクレジットカード会社", "みどり保証株式会社"]
COUNTRIES = ["米国", "シンガポール", "アイルランド", "大韓民国"]


def policy_text(rng: random.Random) -> str:
    """One synthetic privacy policy with a random mix of sections."""
    org = rng.choice(ORGANIZATIONS)
    items = "、".join(rng.sample(ITEMS, rng.randint(3, 7)))
    purposes = "\n".join(f"（{n}）{p}" for n, p in enumerate(rng.sample(PURPOSES, rng.randint(2, 6)), 1))
    exceptions = "\n".join(f"・{e}" for e in rng.sample(EXCEPTIONS, rng.randint(1, len(EXCEPTIONS))))
    parts = [
        f"{org} 個人情報保護方針\n",
        f"{org}（以下「当社」といいます。）は、お客様の個人情報を適切に取り扱うため、以下のとおり定めます。\n",
        f"第1条（取得する情報）\n当社は、{items}を適法かつ公正な手段により取得します。\n",
        f"第2条（利用目的）\n当社は、取得した個人情報を次の目的のために利用します。\n{purposes}\n",
        f"第3条（第三者提供）\n当社は、次の場合を除き、個人データを第三者に提供しません。\n{exceptions}\n",
    ]
    if rng.random() < 0.4:
        partner = rng.choice(PARTNERS)
        parts.append(f"第4条（共同利用）\n当社は、{partner}との間で、{rng.choice(ITEMS)}を共同して利用します。"
                     f"管理について責任を有する者は{org}です。\n")
    if rng.random() < 0.3:
        parts.append(f"第5条（外国にある第三者への提供）\n当社は、{rng.choice(COUNTRIES)}に所在する"
                     "クラウドサービス事業者に個人データの取扱いを委託することがあります。\n")
    parts.append(f"お問い合わせ窓口\n{org} 個人情報相談室\n電話 03-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}\n"
                 f"制定日 令和{rng.randint(1, 6)}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日\n")
    return "".join(parts)


def build_corpus(folder: Path, documents: int, seed: int = 7) -> int:
    """Write ``documents`` policies into ``folder``; return their total characters."""
    rng = random.Random(seed)
    total = 0
    for number in range(documents):
        text = policy_text(rng)
        (folder / f"policy_{number:05d}.txt").write_text(text, encoding="utf-8")
        total += len(text)
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--reference", default="appi-2022", help="appi-2022, none or a reference policy file")
    args = parser.parse_args()
    reference = None if args.reference.lower() == "none" else args.reference
    with tempfile.TemporaryDirectory() as workdir:
        corpus = Path(workdir, "corpus")
        corpus.mkdir()
        chars = build_corpus(corpus, args.documents)
        print(f"{args.documents} documents, {chars} characters, reference={reference}")
        Analyzer(reference=reference).analyze_file(next(corpus.iterdir()))  # imports done before either run
        seconds: dict[int, float] = {}
        for workers in (1, 2):
            start = time.perf_counter()
            summary = scan([corpus], out=Path(workdir, f"out_{workers}.jsonl"),
                           analyzer=partial(Analyzer, reference=reference), workers=workers)
            seconds[workers] = time.perf_counter() - start
            print(f"workers={workers}: {seconds[workers]:.2f} s, {args.documents / seconds[workers]:.1f} documents/s, "
                  f"{chars / seconds[workers]:.0f} characters/s ({summary.ok} ok, {summary.failed} failed)")
        print(f"speed-up workers=2 / workers=1: {seconds[1] / seconds[2]:.2f}x")


if __name__ == "__main__":
    main()
