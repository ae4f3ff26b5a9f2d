package org.careplanfhir.server.cluster;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * What several instances cannot share, refused before anything starts: each would keep its own
 * embedded database, or its own Lucene index, and answer from data the others never see.
 */
final class ClusterPreconditions {

	private ClusterPreconditions() {
	}

	static void check(Environment environment) {
		List<String> problems = new ArrayList<>();
		if (!StringUtils.hasText(environment.getProperty("spring.datasource.url"))) {
			problems.add("the instances need one shared database: set spring.datasource.url "
					+ "(the embedded PostgreSQL serves the instance that starts it, and no other)");
		}
		Binder binder = Binder.get(environment);
		boolean fullText = binder.bind("careplan.search.full-text", Boolean.class).orElse(true);
		String backend = binder.bind("careplan.search.backend", String.class).orElse("lucene");
		if (fullText && backend.equalsIgnoreCase("lucene")) {
			problems.add("the instances cannot share a Lucene index on local disk: set careplan.search.backend="
					+ "elasticsearch (with careplan.search.elasticsearch.hosts), or careplan.search.full-text=false");
		}
		if (!problems.isEmpty()) {
			throw new IllegalStateException("Cluster mode is on (careplan.cluster.enabled, or an Elasticsearch "
					+ "backend), but " + String.join("; and ", problems) + ".");
		}
	}

}
