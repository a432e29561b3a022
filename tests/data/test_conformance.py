"""The real data conforms to the real shapes (the report is the failure message)."""

from __future__ import annotations

from pactkg.build import validate


def test_shacl_conforms(union, inputs):
    assert inputs.shapes_file.is_file(), f"{inputs.shapes_file} is missing: the shapes are part of issue 2"
    report = validate.validate_graph(union, validate.load_shapes(inputs.shapes_file))
    assert report.conforms, validate.format_report(report)


def test_qc_checks_pass(inputs):
    from pactkg.build import qc_checks

    store = qc_checks.store_from_files(inputs.graph_files())
    failures = qc_checks.run_checks(store, inputs.checks_dir)
    assert failures == [], qc_checks.format_failures(failures, inputs.checks_dir, len(qc_checks.check_files(inputs.checks_dir)))
