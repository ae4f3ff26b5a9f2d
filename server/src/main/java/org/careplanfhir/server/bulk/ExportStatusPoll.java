package org.careplanfhir.server.bulk;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ca.uhn.fhir.batch2.api.IJobCoordinator;
import ca.uhn.fhir.batch2.api.IJobPersistence;
import ca.uhn.fhir.batch2.model.JobInstance;
import ca.uhn.fhir.batch2.model.StatusEnum;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.model.BulkExportJobResults;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.server.bulk.BulkExportJobParameters;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import ca.uhn.fhir.util.Batch2JobDefinitionConstants;
import ca.uhn.fhir.util.JsonUtil;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.OperationOutcome;

import org.careplanfhir.server.fhir.OperationAnswers;
import org.careplanfhir.server.web.OperationOutcomeResponses;
import org.careplanfhir.server.security.policy.FhirAccessResolver;

/**
 * The status URL of an export ({@code $export-poll-status?_jobId=...}): 202 with {@code X-Progress}
 * and a {@code Retry-After} worked out from the job's progress while it runs; 200 and the manifest
 * (with {@code Expires}) when it is done; 500 with the reason if it failed. DELETE cancels a running
 * export, or deletes a finished one and its files; either way the URL answers 404 afterwards.
 */
class ExportStatusPoll {

	/** Asks the status URL for the manifest's error file instead of the status. */
	static final String ERRORS = "_errors";

	/** The longest a client is asked to wait between polls, however long the export looks. */
	static final long LONGEST_WAIT_SECONDS = 30;

	private static final ObjectMapper JSON = new ObjectMapper();

	private final FhirContext fhirContext;

	private final IJobCoordinator jobs;

	private final IJobPersistence jobStore;

	private final DaoRegistry daos;

	private final FhirAccessResolver accessResolver;

	private final Duration fileRetention;

	ExportStatusPoll(FhirContext fhirContext, IJobCoordinator jobs, IJobPersistence jobStore, DaoRegistry daos,
			FhirAccessResolver accessResolver, Duration fileRetention) {
		this.fhirContext = fhirContext;
		this.jobs = jobs;
		this.jobStore = jobStore;
		this.daos = daos;
		this.accessResolver = accessResolver;
		this.fileRetention = fileRetention;
	}

	void status(String jobId, ServletRequestDetails request) throws IOException {
		OwnedExport owned = ownedJob(jobId, request);
		JobInstance job = owned.job();
		HttpServletResponse response = request.getServletResponse();
		request.getServer().addHeadersToResponse(response);
		if (request.getParameters().containsKey(ERRORS)) {
			writeErrors(owned.export(), response);
			return;
		}
		if (job.getStatus() == StatusEnum.CANCELLED || job.isCancelled()) {
			throw new ResourceNotFoundException("Bulk export " + jobId + " was cancelled: it has no status to report");
		}
		switch (job.getStatus()) {
			case COMPLETED -> writeManifest(owned, request, response);
			case FAILED -> throw new InternalErrorException("Bulk export " + jobId + " failed: " + job.getErrorMessage());
			default -> {
				response.setStatus(Constants.STATUS_HTTP_202_ACCEPTED);
				response.setHeader(Constants.HEADER_X_PROGRESS, progress(job));
				response.setHeader(Constants.HEADER_RETRY_AFTER, Long.toString(secondsToWait(job, Instant.now())));
				response.getWriter().close();
			}
		}
	}

	void delete(String jobId, ServletRequestDetails request) throws IOException {
		JobInstance job = ownedJob(jobId, request).job();
		if (job.getStatus() == StatusEnum.CANCELLED || job.isCancelled()) {
			throw new ResourceNotFoundException("Bulk export " + jobId + " was cancelled already");
		}
		String message;
		if (job.getStatus() == StatusEnum.COMPLETED || job.getStatus() == StatusEnum.FAILED) {
			int files = deleteFiles(job);
			jobStore.deleteInstanceAndChunks(jobId);
			message = "Bulk export " + jobId + " and its " + files + " files were deleted";
		}
		else {
			jobs.cancelInstance(jobId);
			message = "Bulk export " + jobId + " was cancelled";
		}
		OperationAnswers.write(request, fhirContext, Constants.STATUS_HTTP_202_ACCEPTED, OperationOutcomeResponses.information(message));
	}

	/**
	 * How long to wait before the next poll: the time the job looks to need still, from how far it
	 * got in the time it has run, but never more than an eighth of that time. HAPI's progress grows
	 * unevenly (nothing while it lists what to export, then quickly), so an estimate made early can
	 * be far too long; the eighth bounds what a client that waits as told loses to an eighth of the
	 * time the export has taken so far, for a poll every few seconds (a status read takes
	 * milliseconds). A second at least, and never more than {@link #LONGEST_WAIT_SECONDS}.
	 */
	static long secondsToWait(JobInstance job, Instant now) {
		Date started = job.getStartTime() != null ? job.getStartTime() : job.getCreateTime();
		double elapsed = started == null ? 0 : Math.max(0, Duration.between(started.toInstant(), now).toMillis() / 1000.0);
		double progress = job.getProgress();
		double remaining = progress > 0 && progress < 1 ? elapsed * (1 - progress) / progress : elapsed;
		double wait = Math.min(remaining, elapsed / 8);
		return Math.max(1, Math.min(LONGEST_WAIT_SECONDS, Math.round(wait)));
	}

	private static String progress(JobInstance job) {
		return "%d%% done (%s)".formatted(Math.round(job.getProgress() * 100), job.getStatus().name().toLowerCase());
	}

	/** A job and its parameters, read once. */
	private record OwnedExport(JobInstance job, BulkExportJobParameters export) {
	}

	private OwnedExport ownedJob(String jobId, ServletRequestDetails request) {
		if (jobId == null || jobId.isBlank()) {
			throw new InvalidRequestException("Parameter '_jobId' is missing: poll the Content-Location URL the $export"
					+ " kick-off answered with");
		}
		JobInstance job;
		try {
			job = jobs.getInstance(jobId);
		}
		catch (ResourceNotFoundException unknown) {
			throw notStartedByThisClient(jobId);
		}
		if (!Batch2JobDefinitionConstants.BULK_EXPORT.equals(job.getJobDefinitionId())) {
			throw notStartedByThisClient(jobId);
		}
		BulkExportJobParameters export = job.getParameters(BulkExportJobParameters.class);
		if (!ExportOwnership.ownedBy(export, accessResolver.of(request))) {
			throw notStartedByThisClient(jobId);
		}
		return new OwnedExport(job, export);
	}

	private static ResourceNotFoundException notStartedByThisClient(String jobId) {
		return new ResourceNotFoundException("No bulk export job " + jobId + " was started by this client (or it was"
				+ " deleted)");
	}

	private void writeManifest(OwnedExport owned, ServletRequestDetails request, HttpServletResponse response)
			throws IOException {
		JobInstance job = owned.job();
		BulkExportJobParameters export = owned.export();
		String base = request.getFhirServerBase();
		List<Map<String, Object>> output = new ArrayList<>();
		files(job).forEach((type, files) -> files.forEach(file -> {
			Map<String, Object> item = new LinkedHashMap<>();
			item.put("type", type);
			item.put("url", base + "/" + new IdType(file).toUnqualifiedVersionless().getValue());
			output.add(item);
		}));
		Object sourceFiles = export.getUserData().get(ExportKickOff.SOURCE_FILES);
		for (String line : sourceFiles == null ? new String[0] : sourceFiles.toString().split("\n")) {
			String[] typeAndFile = line.split("\t", 2);
			Map<String, Object> item = new LinkedHashMap<>();
			item.put("type", typeAndFile[0]);
			item.put("url", base + "/" + typeAndFile[1]);
			output.add(item);
		}
		List<Map<String, Object>> errors = new ArrayList<>();
		if (export.getUserData().get(ExportKickOff.LEFT_OUT) != null) {
			errors.add(Map.of("type", "OperationOutcome", "url",
					ExportAnswers.statusUrl(base, job.getInstanceId()) + "&" + ERRORS + "=true"));
		}
		Map<String, Object> manifest = new LinkedHashMap<>();
		Object kickedOff = export.getUserData().get(ExportKickOff.TRANSACTION_TIME);
		manifest.put("transactionTime", kickedOff != null ? kickedOff.toString()
				: new InstantType(job.getCreateTime()).getValueAsString());
		manifest.put("request", export.getOriginalRequestUrl());
		manifest.put("requiresAccessToken", true);
		manifest.put("output", output);
		manifest.put("error", errors);
		response.setStatus(Constants.STATUS_HTTP_200_OK);
		response.setContentType(Constants.CT_JSON);
		response.setCharacterEncoding("UTF-8");
		Date finished = job.getEndTime() != null ? job.getEndTime() : new Date();
		response.setHeader("Expires", DateTimeFormatter.RFC_1123_DATE_TIME
			.format(finished.toInstant().plus(fileRetention).atOffset(ZoneOffset.UTC)));
		JSON.writeValue(response.getWriter(), manifest);
	}

	/**
	 * The manifest's {@code error} file: one OperationOutcome per thing a lenient kick-off left out,
	 * as NDJSON. It is served from the job itself, so it goes when the job goes.
	 */
	private void writeErrors(BulkExportJobParameters export, HttpServletResponse response) throws IOException {
		Object leftOut = export.getUserData().get(ExportKickOff.LEFT_OUT);
		response.setStatus(Constants.STATUS_HTTP_200_OK);
		response.setContentType(Constants.CT_FHIR_NDJSON);
		response.setCharacterEncoding("UTF-8");
		var writer = response.getWriter();
		for (String reason : leftOut == null ? new String[0] : leftOut.toString().split("\n")) {
			OperationOutcome outcome = new OperationOutcome();
			outcome.addIssue(ExportAnswers.leftOut(reason));
			writer.write(fhirContext.newJsonParser().encodeResourceToString(outcome));
			writer.write('\n');
		}
		writer.close();
	}

	/** The files of a finished job, by type, from its report. */
	private static Map<String, List<String>> files(JobInstance job) {
		return job.getReport() == null ? Map.of()
				: JsonUtil.deserialize(job.getReport(), BulkExportJobResults.class).getResourceTypeToBinaryIds();
	}

	private int deleteFiles(JobInstance job) {
		List<String> files = files(job).values().stream().flatMap(List::stream).toList();
		for (String file : files) {
			try {
				daos.getResourceDao(ExportTypes.BINARY).delete(new IdType(file).toUnqualifiedVersionless(),
						new SystemRequestDetails());
			}
			catch (ResourceNotFoundException | ResourceGoneException alreadyGone) {
				// Purged at the end of its retention, or deleted before: nothing left to do.
			}
		}
		return files.size();
	}

}
