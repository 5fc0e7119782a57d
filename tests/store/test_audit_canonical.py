"""An audit entry's hash is of its canonical JSON, however it is worked out: the quick way
(the file's own text of the content, the other fields encoded one by one) gives exactly the
bytes of canonical() of the whole entry, for any text a person could type."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from countdesk.store import audit

TEXT = st.text()  # every code point, quotes, backslashes, controls, emoji
CONTENT = st.recursive(
    st.none() | st.booleans() | st.integers() | TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=12)


@given(seq=st.integers(min_value=1), at=TEXT, who=TEXT, action=TEXT, subject=TEXT,
       content=CONTENT)
def test_the_quick_canonical_text_is_canonical_json(seq, at, who, action, subject, content):
    as_read = audit.AuditEntry(seq, at, who, action, subject, content, audit.GENESIS, "",
                               audit.canonical(content))
    whole = audit.canonical({"seq": seq, "at": at, "who": who, "action": action,
                             "subject": subject, "content": content})
    assert as_read.canonical_text() == whole
    written = audit.AuditEntry(seq, at, who, action, subject, content, audit.GENESIS, "")
    assert as_read.expected_hash() == written.expected_hash()


def test_content_text_other_than_canonical_breaks_the_hash():
    """A forger who rewrites an entry's content as other JSON of the same value is caught."""
    content = {"a": 1, "b": [1, 2]}
    written = audit.AuditEntry(3, "2026-12-03", "Rita", "ruling", "ruling 1", content,
                               audit.GENESIS, "")
    respaced = audit.AuditEntry(3, "2026-12-03", "Rita", "ruling", "ruling 1", content,
                                audit.GENESIS, "", '{"b": [1, 2], "a": 1}')
    assert respaced.expected_hash() != written.expected_hash()
