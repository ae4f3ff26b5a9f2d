package org.careplanfhir.server.fhir;

import java.util.List;
import java.util.stream.Collectors;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;

import org.springframework.stereotype.Component;
import org.careplanfhir.server.storage.StorageSettingsCustomizer;


/**
 * Compartment search, {@code GET Patient/123/CarePlan?status=active}: the care plans in patient
 * 123's compartment, that is those whose compartment parameters (for a CarePlan: {@code subject},
 * {@code performer}) name the patient. HAPI has no handler for the form, so the request becomes the
 * type search it stands for before HAPI picks a handler: a type search with one more parameter
 * (the compartment parameter when there is one, else a {@code _filter} joining them with
 * {@code or}). Task, outside R4's compartment, is searched by the patient it is for
 * ({@link PatientCompartmentDefinition}). Every rule of
 * a type search then applies to it, the caller's scopes first. Only the server itself writes
 * {@code _filter}; a client's is refused, here and in {@link SearchControlRules}.
 */
@Component
class CompartmentSearches implements StorageSettingsCustomizer {

	static final String OWNER = CompartmentSearches.class.getName();

	private static final String PATIENT = "Patient";

	private final FhirContext fhirContext;

	private final PatientCompartmentDefinition compartment;

	CompartmentSearches(FhirContext fhirContext, PatientCompartmentDefinition compartment) {
		this.fhirContext = fhirContext;
		this.compartment = compartment;
	}

	@Override
	public void customize(JpaStorageSettings settings) {
		settings.setFilterParameterEnabled(true);
	}

	/** Called once HAPI has read the request path, before it chooses what serves the request. */
	void rewrite(RequestDetails request) {
		String target = request.getCompartmentName();
		if (target == null || request.getId() == null || request.getOperation() != null
				|| (request.getRequestType() != RequestTypeEnum.GET && request.getRequestType() != RequestTypeEnum.HEAD)) {
			return;
		}
		if (request.getParameters().containsKey(Constants.PARAM_FILTER)) {
			throw new InvalidRequestException("The _filter parameter is not supported by this server; use the search parameters the CapabilityStatement lists");
		}
		String ownerType = request.getResourceName();
		if (!PATIENT.equals(ownerType)) {
			throw new InvalidRequestException("This server searches the Patient compartment only, not '" + ownerType + "/[id]/" + target + "'");
		}
		if ("*".equals(target)) {
			throw new InvalidRequestException("Patient/[id]/* is not searched here: use Patient/[id]/$everything (with _type to choose types), or name one type, such as Patient/[id]/CarePlan");
		}
		if (!fhirContext.getResourceTypes().contains(target)) {
			throw new InvalidRequestException("'" + target + "' in '" + ownerType + "/[id]/" + target + "' is not a resource type");
		}
		String ownerId = request.getId().getIdPart();
		String owner = ownerType + "/" + ownerId;
		List<String> members = members(target);
		if (members.isEmpty() && !PATIENT.equals(target)) {
			throw new InvalidRequestException(target + " is not in the Patient compartment, so Patient/[id]/" + target + " holds nothing; search " + target + " directly");
		}
		request.setResourceName(target);
		request.setId(null);
		request.setCompartmentName(null);
		request.getUserData().put(OWNER, owner);
		SelfLinkAsAsked.remember(request);
		if (PATIENT.equals(target)) {
			// The patient itself. (HAPI's _filter cannot join _id with another parameter by 'or', so
			// the patients whose Patient.link names it are left to Patient?link=Patient/[id].)
			add(request, Constants.PARAM_ID, ownerId);
		}
		else if (members.size() == 1) {
			add(request, members.get(0), owner);
		}
		else {
			request.addParameter(Constants.PARAM_FILTER, new String[] { filter(members, owner) });
		}
	}

	private List<String> members(String type) {
		return compartment.parametersOf(type);
	}

	private static String filter(List<String> members, String owner) {
		return members.stream().map(member -> member + " eq " + owner).collect(Collectors.joining(" or "));
	}

	private static void add(RequestDetails request, String name, String value) {
		String[] given = request.getParameters().get(name);
		String[] values = given == null ? new String[1] : java.util.Arrays.copyOf(given, given.length + 1);
		values[values.length - 1] = value;
		request.addParameter(name, values);
	}

}
