package org.careplanfhir.server.cluster;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A role only one instance of the cluster holds at a time, kept as a row with an expiry in the
 * database and renewed every third of its duration. Expiry is judged by the database's clock
 * alone; the holder stops believing it holds the role a third of the duration before the row
 * expires, so two instances never both act on it. An instance that stops keeps the role a third of
 * the duration more, for the work it has under way to end, where one that dies keeps it the whole
 * duration. Whoever takes the role next first runs the take-over work given (what the last holder
 * left half done), and only then acts on the role.
 */
class ClusterLease implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ClusterLease.class);

	private static final String TAKE_OR_RENEW = """
			INSERT INTO careplan_cluster_lease (name, holder, expires_at)
			VALUES (?, ?, clock_timestamp() + ? * interval '1 millisecond')
			ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
			WHERE careplan_cluster_lease.holder = excluded.holder
			   OR careplan_cluster_lease.expires_at < clock_timestamp()""";

	private final JdbcTemplate database;

	private final String role;

	private final String node;

	private final Duration duration;

	/** {@link System#nanoTime()} until which this instance may act on the role; 0: it does not hold it. */
	private volatile long heldUntil;

	private volatile boolean held;

	/** {@link System#nanoTime()} of the last renewal that found this instance the holder; 0: none yet. */
	private long lastHeld;

	private final Runnable onTakeOver;

	private ScheduledExecutorService renewals;

	ClusterLease(JdbcTemplate database, String role, String node, Duration duration, Runnable onTakeOver) {
		this.database = database;
		this.role = role;
		this.node = node;
		this.duration = duration;
		this.onTakeOver = onTakeOver;
	}

	/** Whether this instance holds the role now. */
	boolean held() {
		return held && System.nanoTime() - heldUntil < 0;
	}

	void renew() {
		long asked = System.nanoTime();
		boolean taken;
		try {
			taken = database.update(TAKE_OR_RENEW, role, node, duration.toMillis()) == 1;
		}
		catch (RuntimeException ex) {
			log.warn("Could not renew the cluster lease '{}': {}", role, ex.getMessage());
			return;
		}
		boolean before = held();
		// Held without a break no other instance could have used: nothing to take over.
		boolean continuing = lastHeld != 0 && asked - lastHeld < duration.toNanos();
		if (taken && !continuing) {
			try {
				onTakeOver.run();
			}
			catch (RuntimeException ex) {
				log.warn("Could not take over the cluster's '{}'; trying again at the next renewal: {}", role,
						ex.getMessage());
				return;
			}
		}
		heldUntil = asked + duration.toNanos() * 2 / 3;
		held = taken;
		lastHeld = taken ? asked : 0;
		if (taken != before) {
			log.info(taken ? "This instance ({}) now runs the cluster's '{}'" : "Instance {} no longer runs the cluster's '{}'",
					node, role);
		}
	}

	@Override
	public void start() {
		renew();
		renewals = Executors.newSingleThreadScheduledExecutor(task -> {
			Thread thread = new Thread(task, "cluster-lease-" + role);
			thread.setDaemon(true);
			return thread;
		});
		long period = Math.max(1, duration.toMillis() / 3);
		renewals.scheduleWithFixedDelay(this::renew, period, period, TimeUnit.MILLISECONDS);
	}

	@Override
	public void stop() {
		renewals.shutdownNow();
		held = false;
		try {
			database.update("""
					UPDATE careplan_cluster_lease
					SET expires_at = least(expires_at, clock_timestamp() + ? * interval '1 millisecond')
					WHERE name = ? AND holder = ?""", duration.toMillis() / 3, role, node);
		}
		catch (RuntimeException ex) {
			log.warn("Could not give up the cluster lease '{}'; another instance takes it when it expires: {}", role,
					ex.getMessage());
		}
	}

	@Override
	public boolean isRunning() {
		return renewals != null && !renewals.isShutdown();
	}

	/** Early in, late out: HAPI's scheduler (default phase) asks for the lease while it runs. */
	@Override
	public int getPhase() {
		return Integer.MIN_VALUE + 100;
	}

}
