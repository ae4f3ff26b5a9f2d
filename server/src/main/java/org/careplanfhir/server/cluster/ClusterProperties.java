package org.careplanfhir.server.cluster;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Cluster mode.
 *
 * @param enabled whether several server instances share one database; when not set, it follows
 * {@code careplan.search.backend}: on with {@code elasticsearch}, off with {@code lucene}
 * @param nodeName this instance's name in the cluster's shared records; by default its host name,
 * process id and a random suffix, new at each start
 * @param leaseDuration how long the instance that runs the cluster's scheduled jobs keeps that role
 * without renewing it (it renews every third of it); when it stops or dies, another takes over
 * within this time
 */
@Validated
@ConfigurationProperties("careplan.cluster")
record ClusterProperties(Boolean enabled, String nodeName, @NotNull @DefaultValue("30s") Duration leaseDuration) {
}
