"""LoopBridge: the store's answers reach the event loop in bursts, unchanged."""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import Future

import pytest

from server.service import LoopBridge


def test_results_and_errors_arrive_and_a_burst_wakes_the_loop_once() -> None:
    async def main() -> tuple[list[int | BaseException], int]:
        bridge = LoopBridge()
        drains = 0
        drain = bridge._drain

        def counting() -> None:
            nonlocal drains
            drains += 1
            drain()

        bridge._drain = counting  # type: ignore[method-assign]
        futures: list[Future[int]] = [Future() for _ in range(50)]
        waiters = [bridge.wrap(f) for f in futures]

        def resolve_all() -> None:  # like the store's syncer answering a whole batch
            for index, future in enumerate(futures):
                future.set_running_or_notify_cancel()
                if index == 7:
                    future.set_exception(ValueError("refused"))
                else:
                    future.set_result(index)

        thread = threading.Thread(target=resolve_all)
        thread.start()
        results = await asyncio.gather(*waiters, return_exceptions=True)
        thread.join()
        return results, drains

    results, drains = asyncio.run(main())
    assert [r for i, r in enumerate(results) if i != 7] == [i for i in range(50) if i != 7]
    assert isinstance(results[7], ValueError)
    assert 1 <= drains < 50


def test_cancelling_the_caller_cancels_the_unit_not_yet_started() -> None:
    async def main() -> Future[int]:
        future: Future[int] = Future()
        task = asyncio.ensure_future(LoopBridge().wrap(future))
        await asyncio.sleep(0)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return future

    future = asyncio.run(main())
    assert future.cancelled()
    assert not future.set_running_or_notify_cancel()  # the store will skip it


def test_an_already_resolved_future_and_a_second_loop() -> None:
    bridge = LoopBridge()

    async def main(value: int) -> int:
        future: Future[int] = Future()
        future.set_result(value)
        return await bridge.wrap(future)

    assert asyncio.run(main(1)) == 1
    assert asyncio.run(main(2)) == 2  # another loop: falls back to asyncio.wrap_future
