"""The city's configuration: its own folder overrides the package's files, checked strictly with lines."""

from __future__ import annotations

import hashlib
import shutil
import textwrap

import pytest

from analysis.brief.targets import load_targets
from analysis.budget.policy import load_mix_policy
from analysis.data import config
from analysis.data.paths import CONFIG_DIR

TARGETS = textwrap.dedent("""\
    defaults:
      min_n: 30
    metrics:
      jp_on_track:
        target: 0.75
        amber-band: 0.10
        direction: higher
      participation_rate:
        target: '75%'
        directon: higher
    """)


def test_the_shipped_files_pass_their_checks():
    assert load_targets()["jp_on_track"].target == (0.75,)
    assert load_mix_policy().objective in ("people", "jp")


def test_unknown_keys_and_bad_values_are_located_errors(tmp_path):
    path = tmp_path / "targets.yaml"
    path.write_text(TARGETS, encoding="utf-8")
    with pytest.raises(config.ConfigError) as caught:
        load_targets(path)
    lines = str(caught.value).splitlines()
    assert lines == [
        "targets.yaml:6: metrics.jp_on_track.amber-band: unknown key 'amber-band' (did you mean 'amber_band'?)",
        "targets.yaml:9: metrics.participation_rate.target: must be a number, got '75%'",
        "targets.yaml:10: metrics.participation_rate.directon: unknown key 'directon' (did you mean 'direction'?)",
    ]


def test_budget_shares_must_be_proportions(tmp_path):
    path = tmp_path / "budget.yaml"
    path.write_text("format_mix:\n  objective: people\n  min_share:\n    classroom: '20%'\n", encoding="utf-8")
    with pytest.raises(config.ConfigError, match=r"budget.yaml:4: format_mix.min_share.classroom: must be a number"):
        load_mix_policy(path)
    path.write_text("format_mix:\n  objective: peoples\n", encoding="utf-8")
    with pytest.raises(config.ConfigError, match=r"budget.yaml:2: .*must be one of people, jp, got 'peoples'"):
        load_mix_policy(path)


def test_a_yaml_syntax_error_names_its_line(tmp_path):
    path = tmp_path / "targets.yaml"
    path.write_text("metrics:\n  ikm: [0.1,\n", encoding="utf-8")
    with pytest.raises(config.ConfigError, match=r"^targets.yaml:\d+: not valid YAML"):
        load_targets(path)


def test_the_city_folder_overrides_the_package_and_is_recorded(tmp_path, monkeypatch):
    city = tmp_path / "config"
    city.mkdir()
    shutil.copy(CONFIG_DIR / "targets.yaml", city / "targets.yaml")
    text = (city / "targets.yaml").read_text(encoding="utf-8").replace("target: 0.75", "target: 0.80", 1)
    (city / "targets.yaml").write_text(text, encoding="utf-8")
    monkeypatch.setenv(config.CONFIG_ENV, str(city))
    assert config.config_file("targets.yaml") == city / "targets.yaml"
    assert config.config_file("budget.yaml") == CONFIG_DIR / "budget.yaml"  # not in the city folder
    assert load_targets()["jp_on_track"].target == (0.80,)
    record = {r["name"]: r for r in config.config_record()}
    assert record["targets.yaml"]["origin"] == "city" and record["budget.yaml"]["origin"] == "package"
    assert record["targets.yaml"]["sha256"] == hashlib.sha256((city / "targets.yaml").read_bytes()).hexdigest()
