"""Power users' Cypher as tokens, and the rules on them (layers 2 and 3 of cypher_guard.py).

One tokeniser, so comments, strings, quoted names and odd whitespace are read
the same way by every rule; the caps on size, nesting and range() are checked
here before any text reaches Neo4j.
"""

from __future__ import annotations

import ast
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from operator import add, mul, sub, truediv
from typing import Any

import orjson

from talentgraph.errors import Refused
from talentgraph.settings import Settings


@dataclass(frozen=True)
class Token:
    kind: str  # word, quoted, param, number, string or punct
    text: str

    @property
    def word(self) -> str:
        """The keyword this token would be, in upper case; "" for anything but a bare word."""
        return self.text.upper() if self.kind == "word" else ""


# Cypher's lexical grammar, as far as the rules need it. Whatever matches no
# group (whitespace of any kind, control and format characters, stray symbols)
# only separates tokens: where Neo4j reads such a character as part of a word,
# the guard sees two words, so a rule can only refuse more, never less.
# Comments end at any line break Python knows, for the same reason.
_TOKENS = re.compile(
    r"""
      (?P<comment>//[^\n\r\v\f\x1c-\x1e\x85\u2028\u2029]*|/\*.*?(?:\*/|\Z))
    | (?P<string>'(?:[^'\\]|\\.)*(?:'|\Z)|"(?:[^"\\]|\\.)*(?:"|\Z))
    | (?P<quoted>`(?:[^`]|``)*(?:`|\Z))
    | (?P<param>\$(?:\w+|`(?:[^`]|``)*(?:`|\Z)))
    | (?P<number>0[xX][0-9a-fA-F_]+|0[oO][0-7_]+
        |(?:[0-9][0-9_]*)?\.?[0-9][0-9_]*(?:[eE][+-]?[0-9]+)?)
    | (?P<word>[^\W\d]\w*)
    | (?P<punct>[!-/:-@\[-^{-~])
    """,
    re.VERBOSE | re.DOTALL,
)


def tokens(text: str) -> list[Token]:
    """The query's tokens, comments left out: the one reading every text rule uses."""
    return [
        Token(kind, m.group())
        for m in _TOKENS.finditer(text)
        if (kind := m.lastgroup or "") != "comment"
    ]


_OPEN, _CLOSE = "([{", ")]}"
# Words that nest an expression one level per use, with no bracket to count:
# NOT NOT ... x, and the property, label and label-expression steps of a chain.
_CHAIN_WORDS = {"NOT", "IS"}
_CHAIN_PUNCT = {".", ":", "!", "&", "|"}
_ADMIN_VERBS = {
    "CREATE", "DROP", "ALTER", "RENAME", "GRANT", "DENY", "REVOKE", "SHOW", "TERMINATE",
    "START", "STOP",
}  # fmt: skip
_ADMIN_OBJECTS = {
    "USER", "USERS", "ROLE", "ROLES", "DATABASE", "DATABASES", "ALIAS", "ALIASES", "SERVER",
    "SERVERS", "PRIVILEGE", "PRIVILEGES", "TRANSACTION", "TRANSACTIONS", "INDEX", "INDEXES",
    "CONSTRAINT", "CONSTRAINTS", "PROCEDURE", "PROCEDURES", "FUNCTION", "FUNCTIONS",
    "SETTING", "SETTINGS",
}  # fmt: skip
_MESSAGES = {
    "use-clause": "USE picks another database; queries run on the service's database only "
    "(write `use` in backticks for a variable of that name)",
    "admin-command": "administration commands (users, roles, databases, indexes, constraints, "
    "transactions, settings) are not allowed",
    "call-in-transactions": "CALL { ... } IN TRANSACTIONS commits as it goes; it is not allowed",
    "load-csv": "LOAD CSV reads files and URLs; it is not allowed",
}


def check_text(text: str, params: dict[str, Any], settings: Settings) -> None:
    """The rules that need no database: caps, then what the tokens say."""
    if len(text) > settings.cypher_max_length:
        raise Refused(
            "too-long", f"the query is longer than {settings.cypher_max_length} characters"
        )
    try:
        size = len(orjson.dumps(params))
    except TypeError as e:
        raise Refused("params-invalid", "the parameters must be JSON values") from e
    if size > settings.cypher_max_params_bytes:
        raise Refused(
            "params-too-large",
            f"the parameters take more than {settings.cypher_max_params_bytes} bytes as JSON",
        )
    toks = tokens(text)
    if not toks:
        raise Refused("empty-query", "the query is empty")
    _check_depth(toks, settings.cypher_max_depth)
    if len(toks) > settings.cypher_max_tokens:
        raise Refused(
            "too-many-tokens",
            f"the query has more than {settings.cypher_max_tokens} tokens; split it up",
        )
    if any(t.text == ";" for t in toks[:-1]):
        raise Refused("multiple-statements", "send one statement at a time")
    for i, token in enumerate(toks):
        if rule := _keyword_rule(toks, i, token):
            raise Refused(rule, _MESSAGES[rule])
    _check_ranges(toks, params, settings.cypher_max_range)


def _keyword_rule(toks: list[Token], i: int, token: Token) -> str | None:
    """The rule a bare keyword at `i` breaks, if any."""
    word = token.word
    if not word:
        return None
    before = toks[i - 1] if i else None
    after = toks[i + 1 : i + 5]
    # After ".", ":" or "$" a word is a property key or a label; before ":" a map key.
    if before is not None and before.text in (".", ":", "$"):
        return None
    if after and after[0].text == ":":
        return None
    if word == "USE" and not (before is not None and before.word == "AS"):
        return "use-clause"
    if word in _ADMIN_VERBS:
        for following in after:
            if following.word in _ADMIN_OBJECTS:
                return "admin-command"
            if following.kind != "word":
                break
        if i == 0 and word in ("GRANT", "DENY", "REVOKE"):
            return "admin-command"
    if word == "LOAD" and after and after[0].word == "CSV":
        return "load-csv"
    # CALL { ... } IN [n] [CONCURRENT] TRANSACTIONS, n being any expression.
    if (
        word == "IN"
        and before is not None
        and before.text == "}"
        and any(t.word in ("TRANSACTION", "TRANSACTIONS") for t in toks[i + 1 : i + 12])
    ):
        return "call-in-transactions"
    return None


def _check_depth(toks: list[Token], cap: int) -> None:
    """Refuse expressions nested deeper than `cap`, counted the way Neo4j's parser recurses.

    A bracket (round, square, curly) or a CASE opens a level; within a level, a
    chain (NOT NOT ..., a.b.c ..., n:A:B ..., a group right after another) adds
    one per step. The depth at any point is the sum over the open levels.
    """
    chains = [0]  # the current chain's length at every open level
    previous: Token | None = None
    for token in toks:
        text, word = token.text, token.word
        if text in _OPEN or word == "CASE":
            # A group right after another (a[0][0]..., f(x)(y)) is one more step.
            if previous is not None and previous.text in _CLOSE:
                chains[-1] += 1
            chains.append(0)
        elif text in _CLOSE or word == "END":
            if len(chains) > 1:
                chains.pop()
        elif _in_chain(token):
            chains[-1] += 1
        elif previous is None or not _in_chain(previous):
            chains[-1] = 0  # any other token ends a chain; a name after "." continues it
        if len(chains) - 1 + sum(chains) > cap:
            raise Refused(
                "too-deep",
                f"the query nests deeper than {cap} levels (brackets, CASE, NOT, or "
                "chains such as a.b.c); flatten it",
            )
        previous = token


def _in_chain(token: Token) -> bool:
    return token.word in _CHAIN_WORDS or (token.kind == "punct" and token.text in _CHAIN_PUNCT)


def _check_ranges(toks: list[Token], params: dict[str, Any], cap: int) -> None:
    """Refuse range() calls inside expressions that, multiplied, hold more than `cap` elements.

    Neo4j checks its timeout between rows, not inside one expression, so
    reduce(s = '', x IN range(1, 10000000) | s + 'x') runs on for minutes.
    Only bounds written as literals, parameters or arithmetic on them can be
    counted; `UNWIND range(...)` makes rows, which Neo4j can stop, so it is left out.
    """
    total = 1.0
    for i, token in enumerate(toks):
        if token.word != "RANGE" or toks[i + 1 : i + 2] != [Token("punct", "(")]:
            continue
        if i and (toks[i - 1].word == "UNWIND" or toks[i - 1].text in (".", ":", "$")):
            continue
        args = _arguments(toks, i + 1)
        bounds = [b for arg in args if (b := _constant(arg, params)) is not None]
        if len(bounds) != len(args) or len(bounds) not in (2, 3):
            continue  # decided only as it runs (see the threat model in docs/operations.md)
        total *= _elements(*bounds)
        if total > cap:
            raise Refused(
                "range-too-large",
                f"the range() calls in this query hold more than {cap} elements together "
                "(multiplied, since they may nest); Neo4j cannot stop a single expression "
                "at the timeout. UNWIND range(...) is not counted",
            )


def _elements(start: float, end: float, step: float = 1.0) -> float:
    if step == 0:
        return 0.0  # Neo4j refuses a zero step
    span = (end - start) / step
    if math.isnan(span) or math.isinf(span):
        return math.inf
    return float(max(math.floor(span) + 1, 0))


def _arguments(toks: list[Token], open_at: int) -> list[list[Token]]:
    """The comma-separated arguments of the call whose "(" is at `open_at`."""
    args: list[list[Token]] = [[]]
    depth = 0
    for token in toks[open_at:]:
        if token.text in _OPEN:
            depth += 1
            if depth == 1:
                continue
        elif token.text in _CLOSE:
            depth -= 1
            if depth == 0:
                return args
        elif token.text == "," and depth == 1:
            args.append([])
            continue
        args[-1].append(token)
    return args


def _constant(arg: list[Token], params: dict[str, Any]) -> float | None:
    """The value of an argument made of numbers, parameters and arithmetic; None if not."""
    values: list[str] = []
    for token in arg:
        if token.kind == "number":
            values.append(repr(_number(token.text)))
        elif token.kind == "param":
            value = params.get(token.text[1:].strip("`"))
            if isinstance(value, bool) or not isinstance(value, int | float):
                return None
            values.append(repr(float(value)))
        elif token.text in "+-*/%^()" and token.kind == "punct":
            values.append("**" if token.text == "^" else token.text)
        else:
            return None
    try:
        return _evaluate(ast.parse(" ".join(values), mode="eval").body)
    except (SyntaxError, ValueError, ZeroDivisionError, OverflowError, RecursionError):
        return math.inf  # too big to compute is too big to run


def _number(text: str) -> float:
    text = text.replace("_", "")
    try:
        return float(int(text, 0))
    except ValueError:
        return float(text)


_BINARY: dict[type[ast.operator], Callable[[float, float], float]] = {
    ast.Add: add,
    ast.Sub: sub,
    ast.Mult: mul,
    ast.Div: truediv,
    ast.Mod: math.fmod,
    ast.Pow: math.pow,
}


def _evaluate(node: ast.expr) -> float:
    match node:
        case ast.Constant(value=float() as value):
            return value
        case ast.UnaryOp(op=ast.USub(), operand=operand):
            return -_evaluate(operand)
        case ast.UnaryOp(op=ast.UAdd(), operand=operand):
            return _evaluate(operand)
        case ast.BinOp(left=left, op=op, right=right) if type(op) in _BINARY:
            return _BINARY[type(op)](_evaluate(left), _evaluate(right))
    raise ValueError("not arithmetic")
