package org.careplanfhir.server.audit;

import java.util.Locale;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;

import org.careplanfhir.server.web.AuditableActivity;

/**
 * What an AuditEvent records happened, with the type, subtype and action codes BALP gives it:
 * RESTful interactions are type {@code rest} with the interaction as subtype; sign-ins are DICOM's
 * "user authenticated"; the authorization server's other events and notifications sent are ours.
 */
enum AuditedAction {

	READ(Codes.REST, "read", "R"), VREAD(Codes.REST, "vread", "R"), SEARCH_TYPE(Codes.REST, "search-type", "E"),
	SEARCH_SYSTEM(Codes.REST, "search-system", "E"), HISTORY_INSTANCE(Codes.REST, "history-instance", "R"),
	HISTORY_TYPE(Codes.REST, "history-type", "R"), HISTORY_SYSTEM(Codes.REST, "history-system", "R"),
	CAPABILITIES(Codes.REST, "capabilities", "R"), CREATE(Codes.REST, "create", "C"),
	UPDATE(Codes.REST, "update", "U"), PATCH(Codes.REST, "patch", "U"), DELETE(Codes.REST, "delete", "D"),
	TRANSACTION(Codes.REST, "transaction", "E"), BATCH(Codes.REST, "batch", "E"),
	OPERATION(Codes.REST, "operation", "E"),

	SIGN_IN(Codes.DICOM_USER_AUTHENTICATED, "login", "E"),
	TOKEN_ISSUED(Codes.AUTHORIZATION, "token-issued", "C"), TOKEN_REFRESHED(Codes.AUTHORIZATION, "token-refreshed", "C"),
	TOKEN_REVOKED(Codes.AUTHORIZATION, "token-revoked", "D"), CONSENT_GIVEN(Codes.AUTHORIZATION, "consent-given", "C"),
	CONSENT_WITHHELD(Codes.AUTHORIZATION, "consent-withheld", "E"), EHR_LAUNCH(Codes.AUTHORIZATION, "ehr-launch", "C"),
	NOTIFICATION_SENT(Codes.DELIVERY, "notification-sent", "E");

	private final String[] type;

	private final String subtype;

	private final String action;

	AuditedAction(String[] type, String subtype, String action) {
		this.type = type;
		this.subtype = subtype;
		this.action = action;
	}

	String typeSystem() {
		return type[0];
	}

	String typeCode() {
		return type[1];
	}

	String typeDisplay() {
		return type[2];
	}

	/** The subtype's code system: FHIR's RESTful interactions, DICOM's for a sign-in, else ours. */
	String subtypeSystem() {
		if (type == Codes.REST) {
			return "http://hl7.org/fhir/restful-interaction";
		}
		return type == Codes.DICOM_USER_AUTHENTICATED ? Codes.DICOM : Codes.CAREPLAN_AUDIT;
	}

	String subtypeCode() {
		return type == Codes.DICOM_USER_AUTHENTICATED ? "110122" : subtype;
	}

	String subtypeDisplay() {
		return type == Codes.DICOM_USER_AUTHENTICATED ? "Login" : subtype;
	}

	String action() {
		return action;
	}

	/** Whether the record of this action commits with the data it changes, not through the outbox. */
	boolean writes() {
		return this == CREATE || this == UPDATE || this == PATCH || this == DELETE;
	}

	/** The interaction HAPI names, or null for a request no interaction describes. */
	static AuditedAction of(RestOperationTypeEnum operation) {
		if (operation == null) {
			return null;
		}
		return switch (operation) {
			case READ -> READ;
			case VREAD -> VREAD;
			case SEARCH_TYPE -> SEARCH_TYPE;
			case SEARCH_SYSTEM, GRAPHQL_REQUEST -> SEARCH_SYSTEM;
			case HISTORY_INSTANCE -> HISTORY_INSTANCE;
			case HISTORY_TYPE -> HISTORY_TYPE;
			case HISTORY_SYSTEM -> HISTORY_SYSTEM;
			case METADATA -> CAPABILITIES;
			case CREATE -> CREATE;
			case UPDATE -> UPDATE;
			case PATCH -> PATCH;
			case DELETE -> DELETE;
			case TRANSACTION -> TRANSACTION;
			case BATCH -> BATCH;
			case EXTENDED_OPERATION_SERVER, EXTENDED_OPERATION_TYPE, EXTENDED_OPERATION_INSTANCE -> OPERATION;
			default -> null;
		};
	}

	/**
	 * A request refused before HAPI identified it: its method and path say what was attempted.
	 * @param path below {@code /fhir}, without the query
	 */
	static AuditedAction attempted(String method, String path) {
		String[] segments = java.util.Arrays.stream(path.split("/")).filter(part -> !part.isEmpty()).toArray(String[]::new);
		if (path.contains("$")) {
			return OPERATION;
		}
		if (path.contains("/_history")) {
			return segments.length >= 4 ? VREAD : segments.length == 3 ? HISTORY_INSTANCE
					: segments.length == 2 ? HISTORY_TYPE : HISTORY_SYSTEM;
		}
		return switch (method.toUpperCase(Locale.ROOT)) {
			case "POST" -> segments.length == 0 ? TRANSACTION : segments[segments.length - 1].equals("_search") ? SEARCH_TYPE
					: CREATE;
			case "PUT" -> UPDATE;
			case "PATCH" -> PATCH;
			case "DELETE" -> DELETE;
			default -> segments.length == 0 ? SEARCH_SYSTEM : segments.length == 1 ? SEARCH_TYPE : READ;
		};
	}

	static AuditedAction of(AuditableActivity.Kind kind) {
		return valueOf(kind.name());
	}

	private static final class Codes {

		static final String DICOM = "http://dicom.nema.org/resources/ontology/DCM";

		static final String CAREPLAN_AUDIT = "http://careplan-fhir.org/fhir/CodeSystem/cm-audit";

		static final String[] REST = { "http://terminology.hl7.org/CodeSystem/audit-event-type", "rest",
				"Restful Operation" };

		static final String[] DICOM_USER_AUTHENTICATED = { DICOM, "110114", "User Authentication" };

		static final String[] AUTHORIZATION = { CAREPLAN_AUDIT, "authorization", "SMART authorization" };

		static final String[] DELIVERY = { CAREPLAN_AUDIT, "delivery", "Notification delivery" };

	}

}
