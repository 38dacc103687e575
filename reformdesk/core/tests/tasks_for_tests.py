from django_tasks import task


@task()
def noop() -> None:
    """A task that does nothing, to fill the queue in health-check tests."""
