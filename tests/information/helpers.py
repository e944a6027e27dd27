from familyhub.information import actions

WORDS = {
    "title": "Toddler sleep",
    "summary": "Most toddlers need 11 to 14 hours.",
    "typical": "- Naps are common",
    "when_to_ask": "Talk to your health visitor.",
    "more": "",
    "search_words": "toddler sleep",
}


def published_page(editor, *, stage="1-2", topic="sleep", language="en", **words):
    page = actions.create_page(stage=stage, topic=topic, by=editor)
    actions.save_draft(page.pk, language=language, words={**WORDS, **words}, by=editor)
    actions.publish(page.pk, language=language, by=editor)
    return page
