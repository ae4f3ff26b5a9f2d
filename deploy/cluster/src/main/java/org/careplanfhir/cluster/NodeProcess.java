package org.careplanfhir.cluster;

import java.util.concurrent.CountDownLatch;

/**
 * The end of a node process's {@code main}: the node is closed when the process is stopped, the
 * parent is told it may connect ({@code STARTED} on standard output), and the process then serves
 * until it is stopped.
 */
final class NodeProcess {

	private NodeProcess() {
	}

	static void serveUntilStopped(AutoCloseable node) throws InterruptedException {
		Runtime.getRuntime().addShutdownHook(new Thread(() -> {
			try {
				node.close();
			}
			catch (Exception ignored) {
				// Going down anyway.
			}
		}));
		System.out.println("STARTED");
		new CountDownLatch(1).await();
	}

}
