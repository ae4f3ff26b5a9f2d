package org.careplanfhir.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.transport.Netty4Plugin;

/**
 * A single OpenSearch node from the jars Maven Central serves, for the cluster proof on a machine
 * with no container engine and no download site but Maven's. It loads the two modules the server's
 * indexes need (HTTP and transport over Netty, and the common analyzers: n-grams, stemmers) as
 * classpath plugins, listens on loopback only, and prints {@code STARTED} once it answers. Not for
 * production: it runs without OpenSearch's security manager and bootstrap checks.
 * <p>
 * Arguments: the node's home folder, and its HTTP port.
 */
public final class SearchEngineNode extends Node {

	private SearchEngineNode(Environment environment) {
		super(environment, List.of(Netty4Plugin.class, CommonAnalysisPlugin.class), true);
	}

	public static void main(String[] arguments) throws Exception {
		Path home = Path.of(arguments[0]).toAbsolutePath();
		Files.createDirectories(home.resolve("config"));
		Settings settings = Settings.builder()
			.put("path.home", home.toString())
			.put("path.data", home.resolve("data").toString())
			.put("path.logs", home.resolve("logs").toString())
			.put("cluster.name", "careplan-proof")
			.put("node.name", "search-1")
			.put("discovery.type", "single-node")
			.put("network.host", "127.0.0.1")
			.put("http.port", arguments[1])
			.put("transport.port", "0")
			// A test machine's disk may be fuller than OpenSearch's default watermarks allow.
			.put("cluster.routing.allocation.disk.threshold_enabled", false)
			.build();
		Node node = new SearchEngineNode(InternalSettingsPreparer.prepareEnvironment(settings, java.util.Map.of(), home.resolve("config"), () -> "search-1"));
		node.start();
		NodeProcess.serveUntilStopped(node);
	}

}
