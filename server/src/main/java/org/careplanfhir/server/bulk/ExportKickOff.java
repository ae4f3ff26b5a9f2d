package org.careplanfhir.server.bulk;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Locale;
import java.util.Set;
import java.util.TimeZone;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import ca.uhn.fhir.batch2.api.IJobCoordinator;
import ca.uhn.fhir.jpa.searchparam.MatchUrlService;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.api.server.bulk.BulkExportJobParameters.ExportStyle;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import org.hl7.fhir.r4.model.InstantType;
import org.careplanfhir.server.fhir.OperationAnswers;
import org.careplanfhir.server.web.OperationOutcomeResponses;
import org.careplanfhir.server.security.policy.FhirAccess;
import org.careplanfhir.server.security.policy.Refusals;
import org.careplanfhir.server.security.policy.SmartScope.Permission;
import ca.uhn.fhir.batch2.model.JobInstanceStartRequest;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.model.util.JpaConstants;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.PreferHandlingEnum;
import ca.uhn.fhir.rest.api.PreferHeader;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.bulk.BulkExportJobParameters;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import ca.uhn.fhir.util.Batch2JobDefinitionConstants;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Reference;

import org.careplanfhir.server.security.policy.FhirAccessResolver;
import org.careplanfhir.server.security.policy.SearchQueryCheck;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;

/**
 * A Bulk Data kick-off ({@code $export} at any level), read to the letter of Bulk Data Access 2.0:
 * {@code Prefer: respond-async} is required, {@code Accept} must allow FHIR JSON, every parameter is
 * checked before the job starts, and anything the server does not do is refused with 400 unless
 * the client sent {@code Prefer: handling=lenient}, in which case it is left out and said so. The
 * export is confined to the caller's scopes ({@link ExportScopes}) and runs on HAPI's batch job.
 */
class ExportKickOff {

	/** Where the job keeps the {@code _elements} it was asked for, for {@link ElementsSubset}. */
	static final String ELEMENTS = "careplan.elements";

	/** Where the job keeps the kick-off's instant, the manifest's {@code transactionTime}. */
	static final String TRANSACTION_TIME = "careplan.transaction-time";

	/** Where the job keeps what a lenient kick-off left out, for the manifest's {@code error} file. */
	static final String LEFT_OUT = "careplan.left-out";

	/** The files of types exported by an {@link ExportSource}, not the job: one "type, tab, URL" a line. */
	static final String SOURCE_FILES = "careplan.source-files";

	private static final String ELEMENTS_PARAMETER = "_elements";

	private static final String INCLUDE_ASSOCIATED_DATA = "includeAssociatedData";

	private static final Set<String> UNDERSTOOD = Set.of(JpaConstants.PARAM_EXPORT_OUTPUT_FORMAT,
			JpaConstants.PARAM_EXPORT_SINCE, JpaConstants.PARAM_EXPORT_UNTIL, JpaConstants.PARAM_EXPORT_TYPE,
			JpaConstants.PARAM_EXPORT_TYPE_FILTER, ELEMENTS_PARAMETER, JpaConstants.PARAM_EXPORT_PATIENT,
			Constants.PARAM_FORMAT, Constants.PARAM_PRETTY);

	private static final Set<String> NDJSON = Set.of(Constants.CT_FHIR_NDJSON, Constants.CT_APP_NDJSON, Constants.CT_NDJSON);

	/** Splits {@code Patient?a=b,Observation?c=d} between filters, not inside one filter's value list. */
	private static final String BETWEEN_FILTERS = ",(?=[A-Z][A-Za-z]+\\?)";

	private final FhirContext fhirContext;

	private final DaoRegistry daos;

	private final IJobCoordinator jobs;

	private final FhirAccessResolver accessResolver;

	private final SearchQueryCheck queries;

	private final ExportTypes types;

	private final MatchUrlService matchUrls;

	private final PayerExports payerExports;

	private final int resourcesPerFile;

	ExportKickOff(FhirContext fhirContext, DaoRegistry daos, IJobCoordinator jobs, FhirAccessResolver accessResolver,
			SearchQueryCheck queries, ExportTypes types, MatchUrlService matchUrls, int resourcesPerFile) {
		this.matchUrls = matchUrls;
		this.resourcesPerFile = resourcesPerFile;
		this.fhirContext = fhirContext;
		this.daos = daos;
		this.jobs = jobs;
		this.accessResolver = accessResolver;
		this.queries = queries;
		this.types = types;
		this.payerExports = new PayerExports(daos);
	}

	void start(ExportLevel level, IIdType target, ServletRequestDetails request) throws IOException {
		PreferHeader prefer = OperationAnswers.prefer(request);
		if (!prefer.getRespondAsync()) {
			throw new InvalidRequestException("A bulk export runs in the background: send 'Prefer: respond-async'"
					+ " and poll the Content-Location the answer gives");
		}
		checkAccept(request);
		KickOffParameters parameters = KickOffParameters.of(request);
		List<String> leftOut = new ArrayList<>();
		Refusal refusal = new Refusal(prefer.getHanding() == PreferHandlingEnum.LENIENT, leftOut);

		for (String name : parameters.names()) {
			if (INCLUDE_ASSOCIATED_DATA.equals(name)) {
				refusal.refuse("Parameter 'includeAssociatedData' is not supported: this server exports no associated"
						+ " data (Provenance of the exported records is exported when _type names Provenance)");
			}
			else if (!UNDERSTOOD.contains(name)) {
				refusal.refuse("Parameter '" + name + "' is not a Bulk Data export parameter this server supports"
						+ " (supported: _outputFormat, _since, _type, _typeFilter, _elements, patient, and _until)");
			}
		}

		FhirAccess access = accessResolver.of(request);
		Date transactionTime = new Date();
		BulkExportJobParameters export = new BulkExportJobParameters();
		export.setExportStyle(level.style());
		export.setOutputFormat(outputFormat(parameters.single(JpaConstants.PARAM_EXPORT_OUTPUT_FORMAT)));
		export.setSince(instant(parameters.single(JpaConstants.PARAM_EXPORT_SINCE), JpaConstants.PARAM_EXPORT_SINCE));
		Date until = instant(parameters.single(JpaConstants.PARAM_EXPORT_UNTIL), JpaConstants.PARAM_EXPORT_UNTIL);
		checkWindow(export.getSince(), until);
		// Nothing written after the kick-off: the manifest's transactionTime is then true of every file.
		// Not for a group, where HAPI 8.8 reads a date window over each work package's whole member
		// list once per hundred members, and would write a member more than once.
		boolean bounded = level != ExportLevel.GROUP && (until == null || until.after(transactionTime));
		export.setUntil(bounded ? transactionTime : until);
		export.setUserData(TRANSACTION_TIME, utc(transactionTime));

		boolean typesNamed = parameters.has(JpaConstants.PARAM_EXPORT_TYPE);
		Set<String> exported = exportedTypes(level, parameters.listed(JpaConstants.PARAM_EXPORT_TYPE), typesNamed, refusal);
		List<ExportSource> sources = exported.stream().map(types::sourceOf).filter(Objects::nonNull).toList();
		sources.forEach(source -> {
			source.checkAllowed(access);
			exported.remove(source.type());
		});
		export.setResourceTypes(new ArrayList<>(exported));
		export.setFilters(typeFilters(level, parameters.all(JpaConstants.PARAM_EXPORT_TYPE_FILTER), exported, access, refusal));
		if (level == ExportLevel.GROUP) {
			export.setGroupId(target.toUnqualifiedVersionless().getValue());
		}

		// Scopes first: nothing below may tell a client about records its scopes do not reach.
		ExportScopes.confine(export, access, typesNamed);
		if (level.ofPatients()) {
			checkScopeFiltersLeavePatientsToTheExport(export, level);
		}
		if (level.style() == ExportStyle.PATIENT) {
			withinWindow(export);
		}
		String elements = elements(parameters.listed(ELEMENTS_PARAMETER), new TreeSet<>(export.getResourceTypes()), refusal);
		if (elements != null) {
			export.setUserData(ELEMENTS, elements);
		}
		List<String> patients = patients(level, target, parameters.listed(JpaConstants.PARAM_EXPORT_PATIENT), access);
		if (access.payer() != null) {
			patients = payerExports.confine(level, target, patients, access);
		}
		if (!patients.isEmpty()) {
			export.setPatientIds(patients);
		}

		ExportOwnership.markOwner(export, access);
		List<String> sourceFiles = new ArrayList<>();
		for (ExportSource source : sources) {
			source.files(export.getSince(), export.getUntil(), resourcesPerFile)
				.forEach(file -> sourceFiles.add(source.type() + "\t" + file));
		}
		if (!sourceFiles.isEmpty()) {
			export.setUserData(SOURCE_FILES, String.join("\n", sourceFiles));
		}
		if (!leftOut.isEmpty()) {
			export.setUserData(LEFT_OUT, String.join("\n", leftOut));
		}
		export.setOriginalRequestUrl(asked(request));

		JobInstanceStartRequest start = new JobInstanceStartRequest();
		start.setJobDefinitionId(Batch2JobDefinitionConstants.BULK_EXPORT);
		start.setParameters(export);
		start.setUseCache(false);
		String jobId = jobs.startInstance(request, start).getInstanceId();
		answerAccepted(request, jobId, export, leftOut);
	}

	/** The kick-off URL as the client sent it (a POST's body parameters are not in it, as the specification says). */
	private static String asked(ServletRequestDetails request) {
		String query = request.getServletRequest().getQueryString();
		return request.getFhirServerBase() + "/" + request.getRequestPath() + (query == null ? "" : "?" + query);
	}

	private static void checkAccept(RequestDetails request) {
		List<String> accepts = request.getHeaders(Constants.HEADER_ACCEPT);
		if (accepts == null || accepts.isEmpty()) {
			return;
		}
		String accept = String.join(",", accepts).toLowerCase(Locale.ROOT);
		boolean json = Arrays.stream(accept.split(","))
			.map(range -> range.split(";")[0].trim())
			.anyMatch(range -> range.equals(Constants.CT_FHIR_JSON_NEW) || range.equals(Constants.CT_FHIR_JSON)
					|| range.equals(Constants.CT_JSON) || range.equals("*/*") || range.equals("application/*"));
		if (!json) {
			throw new InvalidRequestException("Accept '" + String.join(",", accepts) + "' cannot be honoured: a bulk"
					+ " export kick-off answers in application/fhir+json");
		}
	}

	private static String outputFormat(String asked) {
		if (asked == null) {
			return Constants.CT_FHIR_NDJSON;
		}
		if (!NDJSON.contains(asked.toLowerCase(Locale.ROOT))) {
			throw new InvalidRequestException("_outputFormat '" + asked + "' is not supported: this server writes"
					+ " application/fhir+ndjson (also asked as application/ndjson or ndjson)");
		}
		return Constants.CT_FHIR_NDJSON;
	}

	private static Date instant(String value, String name) {
		if (value == null) {
			return null;
		}
		DateTimeType time;
		try {
			time = new DateTimeType(value);
		}
		catch (IllegalArgumentException | DataFormatException notATime) {
			throw new InvalidRequestException("Parameter '" + name + "' must be an instant such as"
					+ " 2026-01-31T08:00:00Z, not '" + value + "'");
		}
		if (time.getPrecision().ordinal() < TemporalPrecisionEnum.SECOND.ordinal() || time.getTimeZone() == null) {
			throw new InvalidRequestException("Parameter '" + name + "' must be an instant, with seconds and a time"
					+ " zone (such as 2026-01-31T08:00:00Z), not '" + value + "'");
		}
		return time.getValue();
	}

	private static void checkWindow(Date since, Date until) {
		if (since != null && since.after(new Date())) {
			throw new InvalidRequestException("_since " + new DateTimeType(since).getValueAsString()
					+ " is in the future: nothing could have changed since then");
		}
		if (since != null && until != null && until.before(since)) {
			throw new InvalidRequestException("_until is before _since: the window holds no time");
		}
	}

	private Set<String> exportedTypes(ExportLevel level, List<String> named, boolean typesNamed, Refusal refusal) {
		Set<String> allowed = types.allowed(level);
		if (!typesNamed) {
			return types.byDefault(level);
		}
		Set<String> exported = new TreeSet<>();
		for (String type : named) {
			if (allowed.contains(type)) {
				exported.add(type);
			}
			else if (ExportTypes.BINARY.equals(type)) {
				refusal.refuse("_type Binary cannot be exported: export files are Binary resources");
			}
			else if (ExportTypes.AUDIT_EVENT.equals(type)) {
				refusal.refuse(types.sourceOf(type) != null
						? "_type AuditEvent is the audit trail, not a patient's record: a system-level $export holds it"
						: "_type AuditEvent cannot be exported: the audit trail is off");
			}
			else if (!fhirContext.getResourceTypes().contains(type)) {
				refusal.refuse("_type '" + type + "' is not a resource type");
			}
			else if (level.ofPatients()) {
				refusal.refuse("_type " + type + " is not part of a patient's record, so a " + level
						+ " export cannot hold it; a system export can");
			}
			else {
				refusal.refuse("_type " + type + " is not stored by this server");
			}
		}
		if (exported.isEmpty()) {
			throw new InvalidRequestException("_type names no type this export can hold");
		}
		return exported;
	}

	private List<String> typeFilters(ExportLevel level, List<String> given, Set<String> exported, FhirAccess access,
			Refusal refusal) {
		List<String> filters = new ArrayList<>();
		for (String value : given) {
			for (String filter : value.split(BETWEEN_FILTERS)) {
				int question = filter.indexOf('?');
				String type = question < 0 ? filter : filter.substring(0, question);
				if (question < 0) {
					refusal.refuse("_typeFilter '" + filter + "' must be of the form [type]?[search parameters]");
					continue;
				}
				if (!exported.contains(type)) {
					refusal.refuse("_typeFilter '" + filter + "' is for " + type + ", which this export does not hold");
					continue;
				}
				String query = filter.substring(question + 1);
				var problem = queries.problemWith(type, query);
				if (problem.isPresent()) {
					refusal.refuse("_typeFilter '" + filter + "': " + problem.get());
					continue;
				}
				if (level.ofPatients() && choosesPatients(type, query)) {
					refusal.refuse("_typeFilter '" + filter + "': a " + level + " export chooses its patients"
							+ " itself (the URL, the group, or the 'patient' parameter), so a filter may not name them");
					continue;
				}
				// A filter reveals which records of its type match, even if the type is then not exported
				// (a group export filters its members by a Patient filter): it needs that type's scopes.
				if (!ExportScopes.readsAndSearches(access, type)) {
					throw Refusals.insufficientScope(type, "rs");
				}
				if (reachesOtherTypes(query) && !(access.grantsEverything(Permission.READ)
						&& access.grantsEverything(Permission.SEARCH))) {
					throw new ForbiddenOperationException("_typeFilter '" + filter + "' searches through other types"
							+ " (a chain or _has), which needs system/*.rs (insufficient_scope)");
				}
				try {
					matchUrls.translateMatchUrl(filter, fhirContext.getResourceDefinition(type));
				}
				catch (InvalidRequestException | DataFormatException | IllegalArgumentException badValue) {
					refusal.refuse("_typeFilter '" + filter + "': " + badValue.getMessage());
					continue;
				}
				filters.add(filter);
			}
		}
		return filters;
	}

	private static boolean reachesOtherTypes(String query) {
		return parameterNames(query).anyMatch(name -> name.startsWith("_has") || name.contains("."));
	}

	/** The parameter names of a query, with their modifiers and chains: {@code subject:Patient.name}. */
	private static Stream<String> parameterNames(String query) {
		return Arrays.stream(query.split("&")).map(part -> part.split("=", 2)[0]);
	}

	/**
	 * A granular scope becomes a filter; one that names patients ({@code system/Observation.rs?subject=...})
	 * cannot be applied by a patient-level export, which chooses its patients itself.
	 */
	private void checkScopeFiltersLeavePatientsToTheExport(BulkExportJobParameters export, ExportLevel level) {
		for (String filter : export.getFilters()) {
			int question = filter.indexOf('?');
			if (question > 0 && choosesPatients(filter.substring(0, question), filter.substring(question + 1))) {
				throw new ForbiddenOperationException("The token's scopes narrow " + filter.substring(0, question)
						+ " by patient ('" + filter + "'), which a " + level + " export cannot apply; use a"
						+ " system export (insufficient_scope)");
			}
		}
	}

	/**
	 * HAPI applies {@code _since} and {@code _until} to system and group exports only; a patient-level
	 * export gets them as a {@code _lastUpdated} filter on every type.
	 */
	private static void withinWindow(BulkExportJobParameters export) {
		List<String> window = new ArrayList<>();
		if (export.getSince() != null) {
			window.add("_lastUpdated=ge" + utc(export.getSince()));
		}
		if (export.getUntil() != null) {
			window.add("_lastUpdated=le" + utc(export.getUntil()));
		}
		if (window.isEmpty()) {
			return;
		}
		List<String> filters = export.getFilters();
		for (String type : export.getResourceTypes()) {
			filters = TypeFilters.and(filters, type, List.of(String.join("&", window)));
		}
		export.setFilters(new ArrayList<>(filters));
	}

	private static String utc(Date instant) {
		return new InstantType(instant, TemporalPrecisionEnum.MILLI, TimeZone.getTimeZone("UTC")).getValueAsString();
	}

	private boolean choosesPatients(String type, String query) {
		Set<String> chosen = types.patientParameters(type);
		return parameterNames(query).map(name -> name.split("[:.]", 2)[0]).anyMatch(chosen::contains);
	}

	/** The {@code _elements} asked for, checked against the exported types: null when none are. */
	private String elements(List<String> asked, Set<String> exported, Refusal refusal) {
		if (asked.isEmpty()) {
			return null;
		}
		Set<String> valid = new LinkedHashSet<>();
		for (String element : asked) {
			int dot = element.indexOf('.');
			String type = dot < 0 ? null : element.substring(0, dot);
			String name = dot < 0 ? element : element.substring(dot + 1);
			if (name.isEmpty() || name.contains(".") || (type != null && !fhirContext.getResourceTypes().contains(type))) {
				throw new InvalidRequestException("_elements '" + element + "': only top-level elements may be listed,"
						+ " as [type].[element] or [element]");
			}
			if (type != null && !exported.contains(type)) {
				refusal.refuse("_elements '" + element + "' is for " + type + ", which this export does not hold");
				continue;
			}
			boolean known = (type == null ? exported.stream() : exported.stream().filter(type::equals))
				.anyMatch(exportedType -> ElementsSubset.hasElement(fhirContext, exportedType, name));
			if (!known) {
				throw new InvalidRequestException("_elements '" + element + "' names no element of "
						+ (type == null ? "the exported types" : type));
			}
			valid.add(element);
		}
		return valid.isEmpty() ? null : String.join(",", valid);
	}

	private List<String> patients(ExportLevel level, IIdType target, List<String> asked, FhirAccess access) {
		if (!asked.isEmpty() && level != ExportLevel.SYSTEM && !ExportScopes.readsAndSearches(access, "Patient")) {
			throw Refusals.insufficientScope("Patient", "rs");
		}
		if (level == ExportLevel.ONE_PATIENT) {
			String patient = "Patient/" + target.getIdPart();
			if (asked.stream().anyMatch(other -> !patient.equals(asPatient(other)))) {
				throw new InvalidRequestException("Parameter 'patient' may only name " + patient + " at " + patient
						+ "/$export; use Patient/$export to export several patients");
			}
			readOrRefuse(new IdType(patient));
			return List.of(patient);
		}
		if (asked.isEmpty()) {
			if (level == ExportLevel.GROUP) {
				readOrRefuse(target);
			}
			return List.of();
		}
		if (level == ExportLevel.SYSTEM) {
			throw new InvalidRequestException("Parameter 'patient' does not apply to a system-level export: use"
					+ " Patient/$export or Group/[id]/$export");
		}
		List<String> patients = asked.stream().map(ExportKickOff::asPatient).distinct().toList();
		List<String> unknown = patients.stream().filter(patient -> !exists(new IdType(patient))).toList();
		if (!unknown.isEmpty()) {
			throw new InvalidRequestException("Parameter 'patient' names patients this server does not hold: "
					+ String.join(", ", unknown));
		}
		if (level == ExportLevel.GROUP) {
			Set<String> members = members((Group) readOrRefuse(target));
			List<String> outsiders = patients.stream().filter(patient -> !members.contains(patient)).toList();
			if (!outsiders.isEmpty()) {
				throw new InvalidRequestException("Parameter 'patient' names patients who are not members of "
						+ target.toUnqualifiedVersionless().getValue() + ": " + String.join(", ", outsiders));
			}
		}
		return patients;
	}

	private static String asPatient(String reference) {
		String id = reference.startsWith("Patient/") ? reference.substring("Patient/".length()) : reference;
		if (id.isEmpty() || id.contains("/") || !id.matches("[A-Za-z0-9\\-.]{1,64}")) {
			throw new InvalidRequestException("Parameter 'patient' must reference a Patient (Patient/[id]), not '"
					+ reference + "'");
		}
		return "Patient/" + id;
	}

	private static Set<String> members(Group group) {
		return group.getMember().stream().map(member -> member.getEntity())
			.map(Reference::getReferenceElement)
			.filter(reference -> "Patient".equals(reference.getResourceType()) && reference.hasIdPart())
			.map(reference -> "Patient/" + reference.getIdPart())
			.collect(Collectors.toSet());
	}

	private boolean exists(IIdType id) {
		try {
			daos.getResourceDao(id.getResourceType()).read(id, new SystemRequestDetails());
			return true;
		}
		catch (ResourceNotFoundException | ResourceGoneException absent) {
			return false;
		}
	}

	private org.hl7.fhir.instance.model.api.IBaseResource readOrRefuse(IIdType id) {
		return daos.getResourceDao(id.getResourceType()).read(id.toUnqualifiedVersionless(), new SystemRequestDetails());
	}

	private void answerAccepted(ServletRequestDetails request, String jobId, BulkExportJobParameters export,
			List<String> leftOut) throws IOException {
		String statusUrl = ExportAnswers.statusUrl(request.getFhirServerBase(), jobId);
		OperationOutcome outcome = OperationOutcomeResponses.information("Export " + jobId + " started ("
				+ export.getResourceTypes().size() + " types); poll " + statusUrl);
		leftOut.forEach(reason -> outcome.addIssue(ExportAnswers.leftOut(reason)));
		request.getServletResponse().setHeader(Constants.HEADER_CONTENT_LOCATION, statusUrl);
		OperationAnswers.write(request, fhirContext, Constants.STATUS_HTTP_202_ACCEPTED, outcome);
	}

	/** Refuses what the server does not do, or, for a lenient kick-off, notes that it was left out. */
	private record Refusal(boolean lenient, List<String> leftOut) {

		void refuse(String reason) {
			if (!lenient) {
				throw new InvalidRequestException(reason + ". (With 'Prefer: handling=lenient' it would be left out.)");
			}
			leftOut.add(reason);
		}

	}

}
