package org.careplanfhir.server.fhir;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * HAPI's background jobs (bulk export, reindexing, expunge).
 *
 * @param stepInterval how often, while a job is under way, waiting jobs are started and finished
 * steps handed on to the next; HAPI's default of a minute makes even a tiny export take minutes.
 * With no job under way only HAPI's own pass runs, once a minute ({@link JobStepping})
 */
@Validated
@ConfigurationProperties("careplan.background-jobs")
record BackgroundJobsProperties(@NotNull @DefaultValue("500ms") Duration stepInterval) {
}
