"""kg/nlp/components.py: the rule components on docs made by hand on spacy.blank("zh"), no model, and what they
declare they read and set."""
from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc, Span

from kg.model import Kind
from kg.nlp import pipeline
from kg.nlp.components import EntityFinder, PeopleFinder, entities_in, people_in


def doc_of(words: list[str], people: list[tuple[int, int]] = ()) -> Doc:
    """A doc of ``words`` (no spaces between them), the words ``people`` (start, end) being the NER's PERSON
    spans."""
    doc = Doc(spacy.blank("zh").vocab, words=words, spaces=[False] * len(words))
    doc.ents = [Span(doc, start, end, "PERSON") for start, end in people]
    return doc


TITLED = ["焦作", "高新区", "党工委", "书记", "吕沛", "主持", "召开", "会议", "。"]


def test_an_official_is_found_by_the_title_before_the_name_and_nothing_is_set_while_finding():
    doc = doc_of(TITLED)
    people, spans = people_in(doc)
    assert [(p.name, [t.text for t in p.titles]) for p in people] == [("吕沛", ["焦作高新区党工委书记"])]
    assert [(s.text, s.label_) for s in spans] == [("吕沛", "PERSON")]
    assert doc._.people is None and not doc.ents  # people_in finds; the component sets


def test_a_name_the_ner_proposes_is_taken_when_the_rules_alone_miss_it():
    words = ["吕沛", "主持", "会议", "，", "巴图", "出席", "。"]
    assert people_in(doc_of(words)) == ([], [])
    people, spans = people_in(doc_of(words, people=[(4, 5)]))
    assert [p.name for p in people] == ["巴图"] and [s.text for s in spans] == ["巴图"]


def test_the_body_and_the_division_a_title_names_are_entities():
    doc = doc_of(TITLED)
    people, _ = people_in(doc)
    found = {(e.text, e.kind) for e in entities_in(doc, people)}
    assert {("焦作高新区党工委", Kind.GOV), ("焦作高新区", Kind.AREA)} <= found


def test_the_components_set_what_they_find():
    nlp = spacy.blank("zh")
    doc = PeopleFinder(nlp, "govkg_people")(doc_of(TITLED))
    assert [p.name for p in doc._.people] == ["吕沛"] and [e.text for e in doc.ents] == ["吕沛"]
    doc = EntityFinder(nlp, "govkg_entities")(doc)
    assert ("焦作高新区党工委", Kind.GOV) in {(e.text, e.kind) for e in doc._.entities}


@pytest.mark.parametrize("name", ["accurate", "fast"])
def test_each_pipeline_runs_its_components_after_what_they_read(name):
    analysis = pipeline(name).analyze_pipes(pretty=False)
    # (the fast pipeline's tokenizer tags the words itself, which analyze_pipes cannot see: govkg_tagged_names'
    # token.tag is no problem)
    assert not analysis["problems"]["govkg_people"] and not analysis["problems"]["govkg_entities"], analysis
    assert "doc._.people" in analysis["summary"]["govkg_people"]["assigns"]
    assert analysis["summary"]["govkg_entities"]["requires"] == ["doc._.people", "doc.ents"]
