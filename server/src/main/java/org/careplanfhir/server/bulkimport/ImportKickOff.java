package org.careplanfhir.server.bulkimport;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Parameters.ParametersParameterComponent;

import org.careplanfhir.server.fhir.OperationAnswers;
import org.careplanfhir.server.web.OperationOutcomeResponses;
import org.careplanfhir.server.security.policy.FhirAccess;
import org.careplanfhir.server.security.policy.FhirAccessResolver;

/**
 * The kick-off, {@code POST [base]/$import} with {@code Prefer: respond-async} and a Parameters body
 * in the Bulk Data import shape: {@code inputFormat} (NDJSON), and one {@code input} per file with
 * parts {@code type} and {@code url}; {@code inputSource} and {@code storageDetail} are accepted and
 * not needed. Every input is checked before anything starts (that the caller may write its type, that
 * the file is there and is the caller's to read), so a kick-off that is answered 202 has no input the
 * import cannot open.
 */
class ImportKickOff {

	static final String INPUT = "input";

	private static final Set<String> UNDERSTOOD = Set.of("inputFormat", "inputSource", "storageDetail", INPUT);

	private static final int MOST_INPUTS = 1000;

	private final FhirContext fhirContext;

	private final FhirAccessResolver accessResolver;

	private final ImportSources sources;

	private final ImportJobs jobs;

	private final ImportRequests requests;

	ImportKickOff(FhirContext fhirContext, FhirAccessResolver accessResolver, ImportSources sources, ImportJobs jobs,
			ImportRequests requests) {
		this.fhirContext = fhirContext;
		this.accessResolver = accessResolver;
		this.sources = sources;
		this.jobs = jobs;
		this.requests = requests;
	}

	void start(ServletRequestDetails request) throws IOException {
		requireRespondAsync(request);
		Parameters parameters = parametersOf(request);
		for (ParametersParameterComponent parameter : parameters.getParameter()) {
			if (!UNDERSTOOD.contains(parameter.getName())) {
				throw new InvalidRequestException("Parameter '" + parameter.getName() + "' is not a bulk import parameter"
						+ " this server supports (supported: inputFormat, inputSource, storageDetail, input)");
			}
		}
		checkFormat(parameters);
		FhirAccess access = accessResolver.of(request);
		String base = request.getFhirServerBase();
		List<ImportInput> inputs = new ArrayList<>();
		List<ParametersParameterComponent> named = parameters.getParameter().stream()
			.filter(parameter -> INPUT.equals(parameter.getName()))
			.toList();
		if (named.isEmpty() || named.size() > MOST_INPUTS) {
			throw new InvalidRequestException("A bulk import names its files in 'input' parameters, 1 to " + MOST_INPUTS
					+ " of them, each with parts 'type' and 'url'");
		}
		for (int index = 0; index < named.size(); index++) {
			ParametersParameterComponent input = named.get(index);
			String where = "Parameters.parameter.where(name = 'input')[" + index + "]";
			String type = part(input, "type", where);
			String url = part(input, "url", where);
			if (!fhirContext.getResourceTypes().contains(type)) {
				throw new InvalidRequestException(where + ": '" + type + "' is not a FHIR R4 resource type");
			}
			BulkImportAccess.requireWriteOf(type, access);
			inputs.add(sources.resolve(type, url, base, access));
		}
		String asked = base + "/" + BulkImportOperations.IMPORT;
		ImportJob job = jobs.start(id -> new ImportJob(id, access.grant(), asked, base, Instant.now(), inputs),
				started -> requests.onBehalfOf(started));
		answerAccepted(request, job);
	}

	private static void requireRespondAsync(RequestDetails request) {
		if (!OperationAnswers.prefer(request).getRespondAsync()) {
			throw new InvalidRequestException("A bulk import runs in the background: send 'Prefer: respond-async'"
					+ " and poll the Content-Location the answer gives");
		}
	}

	private Parameters parametersOf(ServletRequestDetails request) {
		byte[] body = request.loadRequestContents();
		if (body == null || body.length == 0) {
			throw new InvalidRequestException("A bulk import's kick-off needs a Parameters body naming its inputs");
		}
		EncodingEnum encoding = EncodingEnum.forContentType(request.getHeader(Constants.HEADER_CONTENT_TYPE));
		IParser parser = encoding == EncodingEnum.XML ? fhirContext.newXmlParser() : fhirContext.newJsonParser();
		IBaseResource parsed;
		try {
			parsed = parser.parseResource(new String(body, java.nio.charset.StandardCharsets.UTF_8));
		}
		catch (DataFormatException ex) {
			throw new InvalidRequestException("The kick-off's body is not a FHIR Parameters resource: " + ex.getMessage());
		}
		if (!(parsed instanceof Parameters parameters)) {
			throw new InvalidRequestException("The kick-off's body is a " + fhirContext.getResourceType(parsed)
					+ ", not the Parameters resource that names the inputs");
		}
		return parameters;
	}

	private static void checkFormat(Parameters parameters) {
		for (ParametersParameterComponent format : parameters.getParameter()) {
			if ("inputFormat".equals(format.getName())) {
				String value = format.getValue() == null ? null : format.getValue().primitiveValue();
				if (value == null || !ImportSources.NDJSON_TYPES.contains(value.trim())) {
					throw new InvalidRequestException("inputFormat '" + value + "' is not one this server reads: only"
							+ " application/fhir+ndjson");
				}
			}
		}
	}

	private static String part(ParametersParameterComponent input, String name, String where) {
		for (ParametersParameterComponent part : input.getPart()) {
			if (name.equals(part.getName()) && part.getValue() != null && part.getValue().primitiveValue() != null
					&& !part.getValue().primitiveValue().isBlank()) {
				return part.getValue().primitiveValue().trim();
			}
		}
		throw new InvalidRequestException(where + " has no '" + name + "' part: each input names its resource type"
				+ " ('type') and where its file is ('url')");
	}

	private void answerAccepted(ServletRequestDetails request, ImportJob job) throws IOException {
		request.getServletResponse().setHeader(Constants.HEADER_CONTENT_LOCATION, ImportStatusPoll.statusUrl(job.serverBase(), job.id()));
		OperationAnswers.write(request, fhirContext, Constants.STATUS_HTTP_202_ACCEPTED, OperationOutcomeResponses.information(
				"Bulk import " + job.id() + " of " + job.inputs().size() + " input" + (job.inputs().size() == 1 ? "" : "s")
						+ " started: poll the Content-Location for its progress"));
	}

}
