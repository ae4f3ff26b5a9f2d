package org.careplanfhir.server.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Lets concurrent requests share one commit of their audit records. While a commit is on its way to
 * the disk, the records handed in meanwhile wait together; when it is done, one of their threads
 * commits them all at once. Every caller returns only once its own records are committed (or throws
 * if their commit failed), so each answer still leaves after its record is on disk. A caller that
 * finds no commit under way commits at once: nobody waits for company.
 *
 * @param <T> what is committed
 */
final class GroupCommit<T> {

	private final Consumer<List<T>> commit;

	private final Object monitor = new Object();

	private List<Handed<T>> waiting = new ArrayList<>();

	private boolean committing;

	/** @param commit commits what it is given in one transaction, or throws */
	GroupCommit(Consumer<List<T>> commit) {
		this.commit = commit;
	}

	/** Returns once these items are committed, with others handed in meanwhile or alone. */
	void commit(List<T> items) {
		Handed<T> mine = new Handed<>(items);
		List<Handed<T>> group;
		synchronized (monitor) {
			waiting.add(mine);
			awaitTurn(mine);
			if (mine.done) {
				mine.rethrow();
				return;
			}
			committing = true;
			group = waiting;
			waiting = new ArrayList<>();
		}
		RuntimeException failure = null;
		boolean committed = false;
		try {
			commit.accept(itemsOf(group));
			committed = true;
		}
		catch (RuntimeException ex) {
			failure = ex;
		}
		finally {
			// An Error thrown by the commit goes on up this thread; the others learn only that it failed.
			RuntimeException outcome = committed ? null
					: failure != null ? failure : new IllegalStateException("The shared commit did not complete");
			synchronized (monitor) {
				for (Handed<T> handed : group) {
					handed.done = true;
					handed.failure = outcome;
				}
				committing = false;
				monitor.notifyAll();
			}
		}
		mine.rethrow();
	}

	/** How many callers wait for the next commit. */
	int waiting() {
		synchronized (monitor) {
			return waiting.size();
		}
	}

	/**
	 * Waits, holding the monitor between waits, until another thread has committed these items or no
	 * commit is under way. An interrupt cannot cut this short: the items may already be in a commit,
	 * and the caller must not answer before it ends. The interrupt is kept for the caller.
	 */
	private void awaitTurn(Handed<T> mine) {
		boolean interrupted = false;
		while (committing && !mine.done) {
			try {
				monitor.wait();
			}
			catch (InterruptedException ex) {
				interrupted = true;
			}
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
	}

	private static <T> List<T> itemsOf(List<Handed<T>> group) {
		if (group.size() == 1) {
			return group.get(0).items;
		}
		List<T> items = new ArrayList<>();
		for (Handed<T> handed : group) {
			items.addAll(handed.items);
		}
		return items;
	}

	private static final class Handed<T> {

		final List<T> items;

		boolean done;

		RuntimeException failure;

		Handed(List<T> items) {
			this.items = items;
		}

		void rethrow() {
			if (failure != null) {
				throw failure;
			}
		}

	}

}
