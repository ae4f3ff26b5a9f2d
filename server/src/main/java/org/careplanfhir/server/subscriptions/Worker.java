package org.careplanfhir.server.subscriptions;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;

/**
 * A background thread that does its work when woken, and at least every interval: woken by a
 * commit for a short latency, polling for what other nodes wrote and for what failed before. Runs
 * while the application runs, after HAPI is up and before it goes down.
 */
abstract class Worker implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(Worker.class);

	private final String name;

	private final Duration interval;

	private final Object signal = new Object();

	private boolean woken;

	private volatile boolean running;

	private Thread thread;

	Worker(String name, Duration interval) {
		this.name = name;
		this.interval = interval;
	}

	/** Asks for the work to run now (or right after the current run). */
	void wake() {
		synchronized (signal) {
			woken = true;
			signal.notifyAll();
		}
	}

	protected abstract void work();

	@Override
	public void start() {
		running = true;
		thread = new Thread(this::loop, name);
		thread.setDaemon(true);
		thread.start();
	}

	@Override
	public void stop() {
		running = false;
		wake();
		if (thread != null) {
			try {
				thread.join(interval.toMillis() + 5_000);
			}
			catch (InterruptedException interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	private void loop() {
		while (running) {
			try {
				work();
			}
			catch (RuntimeException failure) {
				// The database may be restarting; what failed is still recorded and is tried again.
				log.warn("{}: {}", name, failure.toString());
			}
			synchronized (signal) {
				if (!woken && running) {
					try {
						signal.wait(interval.toMillis());
					}
					catch (InterruptedException interrupted) {
						Thread.currentThread().interrupt();
						return;
					}
				}
				woken = false;
			}
		}
	}

}
