"""The rule sets CountDesk counts by, found in one registry (as Droop's rule plug-ins are).

Each rule set is one module that declares its key, its label, its options, its precision
and its `count()`, and registers itself here. The command line, the Setup and Count pages,
the self-test and the tests all read the registry, so a rule set registered anywhere (a
test module, say) is offered everywhere with no other edit.

Declaring a rule set is cheap: its module imports no engine, and `count()` imports its own
engine when it is called, so reading the registry (for `countdesk --help`, or the Setup
page) loads none of them, and a count loads only its own.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from countdesk.errors import CountDeskError

if TYPE_CHECKING:
    from countdesk.count.contest import Contest
    from countdesk.count.lots import LotPolicy
    from countdesk.count.quota_keeping import QuotaKeeping
    from countdesk.count.result import Result

Value = int | str
Settings = Mapping[str, Value]  # a rule set's options, by name, each given or its default
Count = Callable[["Contest", Settings, "LotPolicy", "QuotaKeeping"], "Result"]


@dataclass(frozen=True)
class Option:
    """Something the returning officer chooses for a rule set: a whole number in a range,
    or one of some choices. Its name is the command line's --NAME and the setup's key."""

    name: str
    label: str  # on the Setup page, with & before its shortcut letter
    help: str  # on the command line
    default: Value
    shown: str  # how the Count page shows a value, "{} decimal places"
    choices: tuple[tuple[str, str], ...] = ()  # (value, label); none for a whole number
    minimum: int = 0
    maximum: int = 0

    def parse(self, value: object) -> Value:
        """A value given (on the command line, in a setup, in a kept count's options)
        checked; text from a setup is read as the option's kind."""
        if self.choices:
            if value not in {choice for choice, _ in self.choices}:
                words = " or ".join(choice for choice, _ in self.choices)
                raise CountDeskError(f"the {self.name} is {words}, not {value!r}")
            return str(value)
        try:
            number = int(str(value))
        except ValueError:
            number = None
        if number is None or isinstance(value, bool) or not (
                self.minimum <= number <= self.maximum):
            raise CountDeskError(f"the {self.name} is a whole number from {self.minimum} to "
                                 f"{self.maximum}, not {value!r}")
        return number


@dataclass(frozen=True)
class RuleSet:
    key: str  # the command line's --rules, and the setup's rules
    label: str  # as a returning officer is offered it
    short_name: str  # in messages
    precision: int | None  # decimal places, or None where the "precision" option says
    count: Count  # (contest, settings, lots, quota rules) -> Result; loads its own engine
    options: tuple[Option, ...] = ()

    def option(self, name: str) -> Option | None:
        return next((option for option in self.options if option.name == name), None)

    def settings(self, given: Mapping[str, object]) -> dict[str, Value]:
        """Every option's value: those given, checked, and the defaults of the others."""
        for name in given:
            if self.option(name) is None:
                fixed = (f" ({self.precision} decimal places)"
                         if name == "precision" and self.precision is not None else "")
                offered = [r.key for r in rule_sets() if r.option(name) is not None]
                raise CountDeskError(f"{self.short_name} fixes its {name}{fixed}: --{name} is "
                                     f"for {', '.join(offered) or 'no rule set'}")
        return {option.name: option.parse(given[option.name]) if option.name in given
                else option.default for option in self.options}

    def describe(self, given: Mapping[str, object]) -> str:
        """The label with the options as chosen, for the Count page."""
        chosen = self.settings(given)
        return ", ".join([self.label, *(option.shown.format(chosen[option.name])
                                        for option in self.options)])


_REGISTRY: dict[str, RuleSet] = {}


def register(rule_set: RuleSet) -> RuleSet:
    """Offer a rule set everywhere, after those registered before it."""
    if rule_set.key in _REGISTRY:
        raise CountDeskError(f"a rule set called {rule_set.key!r} is already registered")
    _REGISTRY[rule_set.key] = rule_set
    return rule_set


def unregister(key: str) -> None:
    """Take a rule set out again (a test that registered one, when it is done)."""
    del _REGISTRY[key]


def rule_sets() -> tuple[RuleSet, ...]:
    """Every rule set, in the order a returning officer is offered them (ERS97 first, the
    default)."""
    return tuple(_REGISTRY.values())


def rule_set(key: str) -> RuleSet:
    found = _REGISTRY.get(key)
    if found is None:
        raise CountDeskError(f"there are no counting rules called {key!r}: choose one of "
                             f"{', '.join(_REGISTRY)}")
    return found


def options() -> tuple[Option, ...]:
    """Every option of every rule set, each name once, in the order they first appear."""
    found: dict[str, Option] = {}
    for registered in _REGISTRY.values():
        for option in registered.options:
            found.setdefault(option.name, option)
    return tuple(found.values())


# The rule sets CountDesk ships, in the order offered: each registers itself.
from countdesk.count.rulesets import ers97, scottish, meek, meek_nz, wigm  # noqa: E402, F401, I001
