package org.careplanfhir.server.audit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class GroupCommitTests {

	private final ExecutorService callers = Executors.newFixedThreadPool(4);

	private final List<List<String>> commits = Collections.synchronizedList(new ArrayList<>());

	@AfterEach
	void stopCallers() {
		callers.shutdownNow();
	}

	@Test
	void aCallerAloneCommitsAtOnceAndReturnsAfterItsCommit() {
		GroupCommit<String> group = new GroupCommit<>(commits::add);

		group.commit(List.of("a", "b"));

		assertThat(commits).containsExactly(List.of("a", "b"));
	}

	@Test
	void itemsHandedInDuringACommitShareTheNextOneAndNoCallerReturnsBeforeItsOwn() throws Exception {
		FirstCommitHeld held = new FirstCommitHeld(items -> commits.add(List.copyOf(items)));
		GroupCommit<String> group = new GroupCommit<>(held);
		Future<?> first = held.start(group);
		List<Future<?>> later = new ArrayList<>();
		for (String item : List.of("second", "third", "fourth")) {
			later.add(callers.submit(() -> group.commit(List.of(item))));
		}
		await().atMost(10, TimeUnit.SECONDS).until(() -> group.waiting() == 3);

		assertThat(later).noneMatch(Future::isDone);
		held.release();
		first.get(10, TimeUnit.SECONDS);
		for (Future<?> call : later) {
			call.get(10, TimeUnit.SECONDS);
		}

		assertThat(commits).hasSize(2);
		assertThat(commits.get(0)).containsExactly("first");
		assertThat(commits.get(1)).containsExactlyInAnyOrder("second", "third", "fourth");
	}

	@Test
	void everyCallerInAFailedCommitIsToldAndTheNextCommitGoesAhead() throws Exception {
		FirstCommitHeld held = new FirstCommitHeld(items -> {
			if (items.contains("doomed")) {
				throw new IllegalStateException("the database refused");
			}
			commits.add(List.copyOf(items));
		});
		GroupCommit<String> group = new GroupCommit<>(held);
		Future<?> first = held.start(group);
		Future<?> doomed = callers.submit(() -> group.commit(List.of("doomed")));
		Future<?> beside = callers.submit(() -> group.commit(List.of("beside")));
		await().atMost(10, TimeUnit.SECONDS).until(() -> group.waiting() == 2);
		held.release();
		first.get(10, TimeUnit.SECONDS);

		for (Future<?> call : List.of(doomed, beside)) {
			assertThatThrownBy(() -> call.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("the database refused");
		}
		group.commit(List.of("after"));
		assertThat(commits).containsExactly(List.of("first"), List.of("after"));
	}

	@Test
	void anErrorInASharedCommitGoesUpItsOwnThreadAndTheOthersAreToldTheCommitFailed() throws Exception {
		FirstCommitHeld held = new FirstCommitHeld(items -> {
			if (items.contains("leader")) {
				throw new StackOverflowError("deep");
			}
		});
		GroupCommit<String> group = new GroupCommit<>(held);
		Future<?> first = held.start(group);
		Future<?> leader = callers.submit(() -> group.commit(List.of("leader")));
		await().atMost(10, TimeUnit.SECONDS).until(() -> group.waiting() == 1);
		Future<?> follower = callers.submit(() -> group.commit(List.of("follower")));
		await().atMost(10, TimeUnit.SECONDS).until(() -> group.waiting() == 2);
		held.release();
		first.get(10, TimeUnit.SECONDS);

		List<Throwable> causes = new ArrayList<>();
		for (Future<?> call : List.of(leader, follower)) {
			try {
				call.get(10, TimeUnit.SECONDS);
			}
			catch (java.util.concurrent.ExecutionException ex) {
				causes.add(ex.getCause());
			}
		}
		assertThat(causes).hasSize(2);
		assertThat(causes).filteredOn(StackOverflowError.class::isInstance).hasSize(1);
		assertThat(causes).filteredOn(IllegalStateException.class::isInstance).singleElement()
			.extracting(Throwable::getMessage).isEqualTo("The shared commit did not complete");
	}

	@Test
	void manyConcurrentCallersEachHaveTheirItemsCommittedExactlyOnce() throws Exception {
		GroupCommit<String> group = new GroupCommit<>(items -> commits.add(List.copyOf(items)));
		List<Future<?>> calls = new ArrayList<>();
		for (int i = 0; i < 2_000; i++) {
			String item = "item-" + i;
			calls.add(callers.submit(() -> group.commit(List.of(item))));
		}
		for (Future<?> call : calls) {
			call.get(30, TimeUnit.SECONDS);
		}

		List<String> committed = commits.stream().flatMap(List::stream).toList();
		assertThat(committed).hasSize(2_000).doesNotHaveDuplicates();
	}

	/**
	 * A commit that holds the first caller's item ("first") until released, so that the callers
	 * after it queue up; then it, and every other commit, goes to {@code then}.
	 */
	private final class FirstCommitHeld implements Consumer<List<String>> {

		private final CountDownLatch started = new CountDownLatch(1);

		private final CountDownLatch released = new CountDownLatch(1);

		private final Consumer<List<String>> then;

		FirstCommitHeld(Consumer<List<String>> then) {
			this.then = then;
		}

		@Override
		public void accept(List<String> items) {
			if (items.contains("first")) {
				started.countDown();
				awaitQuietly(released);
			}
			then.accept(items);
		}

		/** Hands "first" in from another thread and returns once its commit is under way. */
		Future<?> start(GroupCommit<String> group) throws InterruptedException {
			Future<?> first = callers.submit(() -> group.commit(List.of("first")));
			assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
			return first;
		}

		void release() {
			released.countDown();
		}

	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
