from kg.memo import Memo


def test_a_value_is_made_once_then_kept():
    made = []

    def upper(text: str) -> str:
        made.append(text)
        return text.upper()

    memo = Memo(upper, {"kg": "govkg"})
    assert [memo["a"], memo["b"], memo["a"], memo["kg"]] == ["A", "B", "A", "govkg"]
    assert made == ["a", "b"]
    assert memo.get("c") is None and "c" not in memo  # only asking by [] makes a value


def test_a_memo_with_a_limit_starts_again_when_full():
    memo = Memo(len, limit=2)
    assert [memo["a"], memo["bb"]] == [1, 2] and len(memo) == 2
    assert memo["ccc"] == 3 and list(memo) == ["ccc"]
