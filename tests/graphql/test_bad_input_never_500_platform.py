"""Bad input gets a clear error and changes nothing, for every operation of the platform schema.

The cases and checks are test_bad_input_never_500's; this test has its own file so that the test processes,
which share work by file, can run it beside the community schema's (issue 11).
"""

from tests.graphql.test_bad_input_never_500 import platform_host, run_all  # noqa: F401 (fixture)


def test_no_platform_operation_fails_on_bad_input(platform_host, beizhan, minle):  # noqa: F811
    # when: every query with arguments and every mutation of the platform schema, as an operator
    sent, problems = run_all(platform_host, ["public", beizhan.schema_name, minle.schema_name])

    # then
    assert sent > 500
    assert problems == [], "\n".join(problems)
