"""The real data conforms to the real shapes (the report is the failure message)."""

from __future__ import annotations

from pactkg import validate


def test_shacl_conforms(union, inputs):
    assert inputs.shapes_file.is_file(), f"{inputs.shapes_file} is missing: the shapes are part of issue 2"
    report = validate.validate_graph(union, validate.load_shapes(inputs.shapes_file))
    assert report.conforms, validate.format_report(report)


def test_qc_checks_pass(inputs):
    from pactkg import qc

    store = qc.store_from_files(inputs.graph_files())
    failures = qc.run_checks(store, inputs.checks_dir)
    assert failures == [], qc.format_failures(failures, inputs.checks_dir, len(qc.check_files(inputs.checks_dir)))
