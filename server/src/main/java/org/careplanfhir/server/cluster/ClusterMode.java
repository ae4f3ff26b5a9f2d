package org.careplanfhir.server.cluster;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Whether this instance is one of several on a shared database, and its name among them. Decided
 * from the environment alone, so that it is known before any bean is made.
 */
public final class ClusterMode {

	private final boolean on;

	private final String nodeName;

	private ClusterMode(boolean on, String nodeName) {
		this.on = on;
		this.nodeName = nodeName;
	}

	public static ClusterMode of(Environment environment) {
		String name = Binder.get(environment).bind("careplan.cluster.node-name", String.class).orElse(null);
		return new ClusterMode(isOn(environment), StringUtils.hasText(name) ? name : defaultNodeName());
	}

	/** Whether cluster mode is on, without naming the node (which may ask the DNS for the host name). */
	static boolean isOn(Environment environment) {
		Binder binder = Binder.get(environment);
		boolean elasticsearch = binder.bind("careplan.search.backend", String.class)
			.map(backend -> backend.equalsIgnoreCase("elasticsearch"))
			.orElse(false);
		return binder.bind("careplan.cluster.enabled", Boolean.class).orElse(elasticsearch);
	}

	public boolean on() {
		return on;
	}

	public String nodeName() {
		return nodeName;
	}

	private static String defaultNodeName() {
		String host;
		try {
			host = InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			host = "unknown-host";
		}
		return host + "-" + ManagementFactory.getRuntimeMXBean().getPid() + "-"
				+ UUID.randomUUID().toString().substring(0, 8);
	}

}
