package org.careplanfhir.server.audit;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.Delete;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Patch;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Sort;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.PatchTypeEnum;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceAndListParam;
import ca.uhn.fhir.rest.param.StringAndListParam;
import ca.uhn.fhir.rest.param.TokenAndListParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.SimpleBundleProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.MethodNotAllowedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import jakarta.servlet.http.HttpServletResponse;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.StringType;

import org.careplanfhir.server.security.policy.FhirAccess;
import org.careplanfhir.server.security.policy.FhirAccessResolver;
import org.careplanfhir.server.security.policy.SmartScope.Permission;

/**
 * {@code /fhir/AuditEvent}: read and search over the audit trail. The trail is the server's own
 * record of what happened, so nothing changes it through the API: create, update, patch and delete
 * answer 405. The security core gates the type and narrows a confined token's searches to its
 * patients, as for every type in the patient compartment; the reads and searches here hold to the
 * same patients once more, on the event's one patient.
 */
class AuditEventProvider implements IResourceProvider {

	private static final int DEFAULT_PAGE = 50;

	private static final int LARGEST_PAGE = 1000;

	private final AuditEventStore store;

	private final FhirAccessResolver accessResolver;

	private final AuditTrailExport export;

	AuditEventProvider(AuditEventStore store, FhirAccessResolver accessResolver, AuditTrailExport export) {
		this.store = store;
		this.accessResolver = accessResolver;
		this.export = export;
	}

	@Override
	public Class<AuditEvent> getResourceType() {
		return AuditEvent.class;
	}

	/**
	 * An event is about at most one patient, and a confined token sees an event only when that
	 * patient is one of its own: not every event where its own patient is an agent (a patient's app
	 * that tried another's record), which R4's compartment would let through.
	 */
	@Read(version = true)
	public AuditEvent read(@IdParam IdType id, RequestDetails request) {
		AuditEvent event = null;
		if (id.isIdPartValidLong() && (!id.hasVersionIdPart() || "1".equals(id.getVersionIdPart()))) {
			Set<String> patients = confinedTo(request, Permission.READ);
			event = store.read(id.getIdPartAsLong(), patients).map(found -> shownTo(patients, found)).orElse(null);
		}
		if (event == null) {
			throw new ResourceNotFoundException(id);
		}
		return event;
	}

	/**
	 * An event as a confined caller sees it: without the query as sent, which may name other
	 * patients (a search for two patients' goals is recorded for each of them).
	 */
	private static AuditEvent shownTo(Set<String> patients, AuditEvent event) {
		if (patients != null) {
			event.getEntity().removeIf(entity -> entity.hasQuery());
		}
		return event;
	}

	/** The patients whose events the caller may see, or null when it may see every event. */
	private Set<String> confinedTo(RequestDetails request, Permission permission) {
		FhirAccess access = accessResolver.of(request);
		if (access.grantsUnconfined("AuditEvent", permission)) {
			return null;
		}
		Set<String> patients = new LinkedHashSet<>();
		access.confinedPatients("AuditEvent", permission).forEach(patient -> patients.add("Patient/" + patient));
		return patients;
	}

	@Search(allowUnknownParams = false)
	public IBundleProvider search(@OptionalParam(name = "_id") TokenAndListParam ids,
			@OptionalParam(name = AuditEvent.SP_PATIENT) ReferenceAndListParam patients,
			@OptionalParam(name = AuditEvent.SP_AGENT) ReferenceAndListParam agents,
			@OptionalParam(name = AuditEvent.SP_ALTID) TokenAndListParam alternativeIds,
			@OptionalParam(name = AuditEvent.SP_ENTITY) ReferenceAndListParam entities,
			@OptionalParam(name = AuditEvent.SP_ENTITY_NAME) StringAndListParam entityNames,
			@OptionalParam(name = AuditEvent.SP_DATE) DateRangeParam dates,
			@OptionalParam(name = AuditEvent.SP_TYPE) TokenAndListParam types,
			@OptionalParam(name = AuditEvent.SP_SUBTYPE) TokenAndListParam subtypes,
			@OptionalParam(name = AuditEvent.SP_OUTCOME) TokenAndListParam outcomes,
			@OptionalParam(name = AuditEvent.SP_ACTION) TokenAndListParam actions, @Sort SortSpec sort,
			@Offset Integer offset, @Count Integer count, RequestDetails request) {
		Set<String> visible = confinedTo(request, Permission.SEARCH);
		AuditSearch search = new AuditSearch().confinedTo(visible)
			.ids(ids)
			.patients(patients)
			.agents(agents)
			.alternativeIds(alternativeIds)
			.entities(entities)
			.entityNames(entityNames)
			.recorded(dates)
			.types(types)
			.subtypes(subtypes)
			.outcomes(outcomes)
			.actions(actions)
			.sort(sort);
		int from = offset == null ? 0 : Math.max(0, offset);
		int size = count == null ? DEFAULT_PAGE : Math.max(0, Math.min(count, LARGEST_PAGE));
		int total = store.count(search);
		List<AuditEvent> events = size == 0 ? List.of() : store.page(search, from, size);
		SimpleBundleProvider page = new SimpleBundleProvider(events.stream().map(event -> shownTo(visible, event)).toList());
		page.setSize(total);
		page.setCurrentPageOffset(from);
		page.setCurrentPageSize(size);
		return page;
	}

	/** One NDJSON file of a system export's AuditEvents, as its manifest names it. */
	@Operation(name = AuditTrailExport.FILE_OPERATION, idempotent = true, manualResponse = true)
	public void exportFile(@OperationParam(name = "since", min = 1) StringType since,
			@OperationParam(name = "until", min = 1) StringType until, @OperationParam(name = "from", min = 1) StringType from,
			@OperationParam(name = "to") StringType to, HttpServletResponse response) throws IOException {
		long[] window = new long[3];
		Long upTo;
		try {
			window[0] = Long.parseLong(since.getValue());
			window[1] = Long.parseLong(until.getValue());
			window[2] = Long.parseLong(from.getValue());
			upTo = to == null || to.isEmpty() ? null : Long.valueOf(to.getValue());
		}
		catch (NumberFormatException | NullPointerException notAFileOfOurs) {
			throw new InvalidRequestException("Not an export file's address: since, until, from and to are numbers"
					+ " the export's manifest gives");
		}
		response.setStatus(200);
		response.setContentType(Constants.CT_FHIR_NDJSON);
		response.setCharacterEncoding("UTF-8");
		PrintWriter out = response.getWriter();
		export.write(window[0], window[1], window[2], upTo, out);
		out.close();
	}

	@Create
	public MethodOutcome create(@ResourceParam AuditEvent event) {
		throw unchangeable();
	}

	@Update
	public MethodOutcome update(@IdParam IdType id, @ResourceParam AuditEvent event) {
		throw unchangeable();
	}

	@Patch
	public MethodOutcome patch(@IdParam IdType id, PatchTypeEnum type, @ResourceParam String body) {
		throw unchangeable();
	}

	@Delete
	public MethodOutcome delete(@IdParam IdType id) {
		throw unchangeable();
	}

	static MethodNotAllowedException unchangeable() {
		MethodNotAllowedException refused = new MethodNotAllowedException(
				"AuditEvents are the server's own record of what happened: they are not created, changed or deleted"
						+ " through the API (they expire after careplan.audit.retention)");
		refused.setAllowedMethods(RequestTypeEnum.GET);
		return refused;
	}

}
