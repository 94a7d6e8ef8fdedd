"""What every app uses and no app owns (issue 11): typed errors, text checks, id parsing, retries,
queueing on commit and hot-path row reads. Nothing here imports an app of Sharepool."""
