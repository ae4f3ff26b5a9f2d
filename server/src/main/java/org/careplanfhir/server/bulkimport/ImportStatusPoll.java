package org.careplanfhir.server.bulkimport;

import java.io.IOException;
import java.io.Writer;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

import org.careplanfhir.server.fhir.OperationAnswers;
import org.careplanfhir.server.web.OperationOutcomeResponses;
import org.careplanfhir.server.security.policy.FhirAccessResolver;

/**
 * An import's status URL ({@code $import-poll-status?_jobId=...}): 202 with {@code X-Progress} while
 * it runs; 200 and a manifest when it is done, listing per input how many lines were stored and, for
 * an input with refused lines, the URL of its OperationOutcome NDJSON ({@code &_errors=[n]}); 500 with
 * the reason if it stopped. DELETE cancels a running import (what was stored stays) or forgets a
 * finished one. A client is told only of its own imports: another's id answers 404 as an unknown one.
 */
class ImportStatusPoll {

	static final String JOB_ID = "_jobId";

	static final String ERRORS = "_errors";

	/** Progress is saved as often, so polling sooner shows nothing new. */
	private static final long POLL_AGAIN_SECONDS = ImportJobs.SAVE_EVERY.toSeconds();

	private static final ObjectMapper JSON = new ObjectMapper();

	private final FhirContext fhirContext;

	private final FhirAccessResolver accessResolver;

	private final ImportJobs jobs;

	ImportStatusPoll(FhirContext fhirContext, FhirAccessResolver accessResolver, ImportJobs jobs) {
		this.fhirContext = fhirContext;
		this.accessResolver = accessResolver;
		this.jobs = jobs;
	}

	static String statusUrl(String serverBase, String jobId) {
		return serverBase + "/" + BulkImportOperations.IMPORT_POLL_STATUS + "?" + JOB_ID + "=" + jobId;
	}

	void status(String jobId, ServletRequestDetails request) throws IOException {
		ImportStatus job = owned(jobId, request);
		HttpServletResponse response = request.getServletResponse();
		request.getServer().addHeadersToResponse(response);
		String[] errors = request.getParameters().get(ERRORS);
		if (errors != null) {
			writeErrors(job, errors[0], response);
			return;
		}
		switch (job.state()) {
			case RUNNING -> {
				response.setStatus(Constants.STATUS_HTTP_202_ACCEPTED);
				response.setHeader(Constants.HEADER_X_PROGRESS, job.storedInAll() + " lines stored, " + job.refusedInAll()
						+ " refused");
				response.setHeader(Constants.HEADER_RETRY_AFTER, Long.toString(POLL_AGAIN_SECONDS));
				response.getWriter().close();
			}
			case COMPLETED -> writeManifest(job, response);
			case CANCELLED -> throw new ResourceNotFoundException("Bulk import " + jobId + " was cancelled: it has no"
					+ " status to report");
			case FAILED -> OperationAnswers.write(request, fhirContext, Constants.STATUS_HTTP_500_INTERNAL_ERROR,
					failed("Bulk import " + jobId + " failed: " + job.failure()));
		}
	}

	/** Written, not thrown: a thrown 500 is answered with an error id only, and this reason is the client's to read. */
	private static OperationOutcome failed(String diagnostics) {
		return OperationOutcomeResponses.error(IssueType.EXCEPTION, diagnostics);
	}

	void delete(String jobId, ServletRequestDetails request) throws IOException {
		ImportStatus job = owned(jobId, request);
		String message;
		if (job.state() == ImportJob.State.RUNNING) {
			jobs.cancel(jobId);
			message = "Bulk import " + jobId + " is cancelled: it stops after the transactions under way; what was"
					+ " stored stays";
		}
		else {
			jobs.forget(jobId);
			message = "Bulk import " + jobId + " and its error files were deleted";
		}
		OperationAnswers.write(request, fhirContext, Constants.STATUS_HTTP_202_ACCEPTED, OperationOutcomeResponses.information(message));
	}

	private ImportStatus owned(String jobId, ServletRequestDetails request) {
		if (jobId == null || jobId.isBlank()) {
			throw new InvalidRequestException("Name the import to report on with '" + JOB_ID + "', as the kick-off's"
					+ " Content-Location does");
		}
		String caller = accessResolver.of(request).clientId();
		return jobs.find(jobId)
			.filter(job -> Objects.equals(job.clientId(), caller))
			.orElseThrow(() -> new ResourceNotFoundException("No bulk import " + jobId + " of this client is known"
					+ " (finished imports are kept for a while, then forgotten)"));
	}

	private void writeManifest(ImportStatus job, HttpServletResponse response) throws IOException {
		Map<String, Object> manifest = new LinkedHashMap<>();
		manifest.put("transactionTime", new InstantType(java.util.Date.from(job.transactionTime())).getValueAsString());
		manifest.put("request", job.request());
		manifest.put("requiresAccessToken", true);
		List<Map<String, Object>> output = new ArrayList<>();
		List<Map<String, Object>> error = new ArrayList<>();
		for (int index = 0; index < job.inputCount(); index++) {
			Map<String, Object> stored = new LinkedHashMap<>();
			stored.put("type", job.inputTypes().get(index));
			stored.put("inputUrl", job.inputUrls().get(index));
			stored.put("count", job.stored()[index]);
			output.add(stored);
			if (job.refused()[index] > 0) {
				Map<String, Object> refused = new LinkedHashMap<>();
				refused.put("type", "OperationOutcome");
				refused.put("inputUrl", job.inputUrls().get(index));
				refused.put("count", job.refused()[index]);
				refused.put("url", statusUrl(job.serverBase(), job.id()) + "&" + ERRORS + "=" + index);
				error.add(refused);
			}
		}
		manifest.put("output", output);
		manifest.put("error", error);
		response.setStatus(Constants.STATUS_HTTP_200_OK);
		response.setContentType(Constants.CT_JSON);
		response.setCharacterEncoding("UTF-8");
		if (jobs.expiry(job) != null) {
			response.setHeader("Expires", DateTimeFormatter.RFC_1123_DATE_TIME.format(jobs.expiry(job).atOffset(ZoneOffset.UTC)));
		}
		JSON.writeValue(response.getWriter(), manifest);
	}

	private void writeErrors(ImportStatus job, String which, HttpServletResponse response) throws IOException {
		int index;
		try {
			index = Integer.parseInt(which);
		}
		catch (NumberFormatException ex) {
			throw new InvalidRequestException("'" + ERRORS + "' names an input by its number in the manifest, not '" + which + "'");
		}
		if (job.state() != ImportJob.State.COMPLETED || index < 0 || index >= job.inputCount() || job.refused()[index] == 0) {
			throw new ResourceNotFoundException("Bulk import " + job.id() + " has no error file for input " + which
					+ (job.state() == ImportJob.State.RUNNING ? " yet: it is still running" : ""));
		}
		response.setStatus(Constants.STATUS_HTTP_200_OK);
		response.setContentType(Constants.CT_FHIR_NDJSON);
		response.setCharacterEncoding("UTF-8");
		try (Writer body = response.getWriter()) {
			jobs.writeRefusals(job.id(), index, body);
		}
	}

}
