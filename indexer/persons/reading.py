"""An article as the extractor reads it: its cleaned paragraphs, its capitalised runs
as the rules class them, its team sheets, the rules' mentions, and on demand its
stretches with their features for the tagger."""
from __future__ import annotations

from dataclasses import dataclass

from .credits import clean_paragraphs, unglue_theo
from .lineups import team_sheet_names
from .mentions import Mention
from .rules import classify, mark_context, rule_mentions
from .runs import Run, Tok, candidate_runs, runs_in, unglue
from .features import ArticleContext, StretchFeatures, list_features, stretch_features
from .stretches import all_known, common_opening, cued_as_person, stretches


@dataclass
class Reading:
    paras: list[str]
    runs: list[Run]  # in text order, classed by the rules
    lineup: list[tuple[int, str]]
    rule_mentions: list[Mention]
    raw_runs: list[list[Tok]]

    def stretches(self) -> tuple[list[list[Tok]], list[StretchFeatures]]:
        """The capitalised stretches and the features of their words (in parts:
        ``features.stretch_features``); a stretch that is
        one known place, organisation or work (``Hà Nội``, ``Bộ Y tế``) is left out:
        no name could come of it (unless a person's title makes it a given name: ``bầu
        Đức``); so is a common word that opens a sentence (``stretches.common_opening``)."""
        every = stretches(self.paras, self.raw_runs)
        context = ArticleContext(self.runs, self.lineup, self.paras)
        known = [all_known(span) and not cued_as_person(span, self.paras) for span in every]
        spans, features = [], []
        for span, is_known, in_list in zip(every, known, list_features(every, known, context)):
            if not is_known and not common_opening(span):
                spans.append(span)
                features.append(stretch_features(span, context, in_list))
        return spans, features


def read(title: str, paragraphs: list[str]) -> Reading:
    paras = clean_paragraphs(title, paragraphs)
    paras = unglue(unglue_theo("\n".join(paras))).split("\n")
    raw_runs = runs_in(paras)
    runs = candidate_runs(paras, raw_runs)
    lineup = team_sheet_names(paras)
    mark_context(runs, paras)
    ordered = classify(runs, paras)
    found = rule_mentions(ordered, lineup)
    return Reading(paras, ordered, lineup, found, raw_runs)
