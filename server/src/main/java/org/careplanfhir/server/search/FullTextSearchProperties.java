package org.careplanfhir.server.search;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Full-text search ({@code _content}, {@code _text}) through Hibernate Search.
 *
 * @param fullText whether resources are indexed for full-text search
 * @param backend where the index lives
 * @param luceneDirectory folder of the Lucene index; defaults to {@code <data-dir>/lucene}
 * @param recoveryWindow at start-up, resources written this long before the Lucene index's last
 * commit, or after it, are indexed again: it must cover the longest write transaction
 * @param contentTypes the resource types whose whole content is indexed for {@code _content}
 * ({@code *}: all); by default the case-management records and those around them
 * @param narrativeTypes the resource types whose narrative is indexed for {@code _text} ({@code *}: all)
 * @param elasticsearch where the Elasticsearch or OpenSearch cluster is, with {@code backend=elasticsearch}
 */
@Validated
@ConfigurationProperties("careplan.search")
record FullTextSearchProperties(@DefaultValue("true") boolean fullText, @NotNull @DefaultValue("lucene") Backend backend,
		Path luceneDirectory, @NotNull @DefaultValue("60s") Duration recoveryWindow,
		@NotNull @DefaultValue({ "Patient", "RelatedPerson", "Practitioner", "PractitionerRole", "Organization",
				"EpisodeOfCare", "CarePlan", "CareTeam", "Goal", "ServiceRequest", "Task", "Condition", "Coverage",
				"Communication", "Encounter", "Appointment", "DocumentReference" }) List<String> contentTypes,
		@NotNull @DefaultValue("*") List<String> narrativeTypes, @NotNull @Valid @DefaultValue Elasticsearch elasticsearch) {

	enum Backend {

		/** A Lucene index on the local file system: no extra service to run. */
		LUCENE,

		/**
		 * An Elasticsearch or OpenSearch cluster, for several server instances sharing one index
		 * (cluster mode).
		 */
		ELASTICSEARCH

	}

	/**
	 * An Elasticsearch or OpenSearch cluster. Any other Hibernate Search setting can still be given
	 * under {@code spring.jpa.properties.hibernate.search.backend.*}, and wins over these.
	 *
	 * @param hosts its nodes, as {@code host:port}
	 * @param protocol {@code http} or {@code https}
	 * @param username the user the server signs in as; empty: none
	 * @param password that user's password
	 * @param indexPrefix put before the names of the server's indexes, so that several servers (a
	 * test and a production one) can share a search cluster
	 */
	record Elasticsearch(@NotEmpty @DefaultValue("localhost:9200") List<String> hosts,
			@NotNull @Pattern(regexp = "https?") @DefaultValue("http") String protocol, String username, String password,
			@NotNull @Pattern(regexp = "[a-z0-9][a-z0-9_-]*") @DefaultValue("careplan") String indexPrefix) {
	}

}
