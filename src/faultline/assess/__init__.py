"""Assessment (issue 4): frameworks as data, estimative words, source grades and the scoring math.

- :mod:`~faultline.assess.frameworks`: framework YAML files (``data/assess/frameworks/``) -> dataclasses;
- :mod:`~faultline.assess.cues`: the rule vocabulary those files share (phrases, event and claim rules);
- :mod:`~faultline.assess.questions`: ``Question(actor, action, target, via)`` and the actions it names;
- :mod:`~faultline.assess.words`: ICD 203 likelihood words and the one-sentence judgment;
- :mod:`~faultline.assess.grading`: Admiralty reliability A-F and credibility 1-6;
- :mod:`~faultline.assess.combine`: factor scores, the conjunctive rule, ACH; pure functions.
"""
