package org.careplanfhir.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;

/** An OpenSearch node ({@link SearchEngineNode}) in a process of its own. */
final class SearchNode implements AutoCloseable {

	private final Process process;

	private final int port;

	private SearchNode(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	static SearchNode start() throws IOException {
		int port = Processes.freePort();
		String classpath = System.getProperty("search.node.classes") + java.io.File.pathSeparator
				+ Files.readString(Path.of(System.getProperty("search.node.classpath"))).trim();
		Process process = Processes.start("opensearch", List.of("-Xms512m", "-Xmx512m", "-cp", classpath,
				SearchEngineNode.class.getName(), Processes.newFolder("opensearch").toString(), Integer.toString(port)));
		SearchNode node = new SearchNode(process, port);
		try {
			Processes.await("OpenSearch", process, Duration.ofSeconds(120), node::answers);
		}
		catch (RuntimeException notStarted) {
			node.close();
			throw notStarted;
		}
		return node;
	}

	String hosts() {
		return "localhost:" + port;
	}

	private boolean answers() {
		try {
			return given().port(port).get("/_cluster/health").statusCode() == 200;
		}
		catch (Exception notYet) {
			return false;
		}
	}

	@Override
	public void close() {
		process.destroy();
		try {
			process.waitFor();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
