package org.careplanfhir.server.audit;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Date;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import org.hl7.fhir.r4.model.InstantType;

/**
 * A record as the JSON of an AuditEvent in the shape of IHE's Basic Audit Log Patterns: the user,
 * the client app (with the network address) and this server as agents; the patient, the records
 * touched and the query as entities.
 * <p>
 * It is written straight from the record, field by field in FHIR's order. The drain stores one event
 * for every resource written, and HAPI's general encoder, walking a model built for the purpose, cost
 * about 4 % of a write's CPU. {@code AuditEventJsonTests} holds this to HAPI's encoding of that model,
 * character for character.
 */
final class AuditEventJson {

	static final String SERVER_NAME = "Careplan FHIR Server";

	/** How a client app is named when it is an agent: its OAuth2 client id. */
	static final String CLIENT_ID_SYSTEM = "urn:ietf:params:oauth:client-id";

	private static final JsonFactory JSON = new JsonFactory();

	private static final String DICOM = "http://dicom.nema.org/resources/ontology/DCM";

	private static final String ENTITY_TYPE = "http://terminology.hl7.org/CodeSystem/audit-entity-type";

	private static final String OBJECT_ROLE = "http://terminology.hl7.org/CodeSystem/object-role";

	private AuditEventJson() {
	}

	static String of(long id, AuditRecord record) {
		StringWriter text = new StringWriter(1024);
		try (JsonGenerator json = JSON.createGenerator(text)) {
			json.writeStartObject();
			json.writeStringField("resourceType", "AuditEvent");
			json.writeStringField("id", Long.toString(id));
			what(json, record);
			agents(json, record);
			json.writeObjectFieldStart("source");
			json.writeObjectFieldStart("observer");
			json.writeStringField("display", SERVER_NAME);
			json.writeEndObject();
			json.writeArrayFieldStart("type");
			coding(json, "http://terminology.hl7.org/CodeSystem/security-source-type", "4", "Application Server");
			json.writeEndArray();
			json.writeEndObject();
			entities(json, record);
			json.writeEndObject();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return text.toString();
	}

	/** Type, subtype, action, time and outcome. */
	private static void what(JsonGenerator json, AuditRecord record) throws IOException {
		AuditedAction action = record.action();
		json.writeFieldName("type");
		coding(json, action.typeSystem(), action.typeCode(), action.typeDisplay());
		json.writeArrayFieldStart("subtype");
		coding(json, action.subtypeSystem(), action.subtypeCode(), action.subtypeDisplay());
		json.writeEndArray();
		string(json, "action", action.action());
		json.writeStringField("recorded", new InstantType(new Date(record.recordedMillis())).getValueAsString());
		json.writeStringField("outcome", Integer.toString(record.outcome()));
		string(json, "outcomeDesc", record.reason());
	}

	/** The user (when known), the client app and this server; the requestor is the user, else the app. */
	private static void agents(JsonGenerator json, AuditRecord record) throws IOException {
		boolean userKnown = record.user() != null || record.subject() != null;
		json.writeArrayFieldStart("agent");
		if (userKnown) {
			json.writeStartObject();
			concept(json, "http://terminology.hl7.org/CodeSystem/extra-security-role-type", "humanuser", "human user");
			if (record.user() != null) {
				reference(json, "who", "reference", record.user());
			}
			else {
				reference(json, "who", "display", record.subject());
			}
			string(json, "altId", record.subject());
			json.writeBooleanField("requestor", true);
			json.writeEndObject();
		}
		json.writeStartObject();
		concept(json, DICOM, "110153", "Source Role ID");
		if (record.client() != null) {
			json.writeObjectFieldStart("who");
			json.writeObjectFieldStart("identifier");
			string(json, "system", CLIENT_ID_SYSTEM);
			string(json, "value", record.client());
			json.writeEndObject();
			string(json, "display", record.client());
			json.writeEndObject();
		}
		json.writeBooleanField("requestor", !userKnown);
		if (record.address() != null) {
			json.writeObjectFieldStart("network");
			string(json, "address", record.address());
			json.writeStringField("type", "2");
			json.writeEndObject();
		}
		json.writeEndObject();
		json.writeStartObject();
		concept(json, DICOM, "110152", "Destination Role ID");
		reference(json, "who", "display", SERVER_NAME);
		json.writeBooleanField("requestor", false);
		json.writeEndObject();
		json.writeEndArray();
	}

	private static void entities(JsonGenerator json, AuditRecord record) throws IOException {
		if (record.patient() == null && record.entities().isEmpty() && record.query() == null) {
			return;
		}
		json.writeArrayFieldStart("entity");
		if (record.patient() != null) {
			entity(json, record.patient(), "1", "Person", "1", "Patient");
		}
		for (String touched : record.entities()) {
			entity(json, touched, "2", "System Object", "4", "Domain Resource");
		}
		if (record.query() != null) {
			json.writeStartObject();
			json.writeFieldName("type");
			coding(json, ENTITY_TYPE, "2", "System Object");
			json.writeFieldName("role");
			coding(json, OBJECT_ROLE, "24", "Query");
			string(json, "name", record.name());
			string(json, "query", Base64.getEncoder().encodeToString(record.query().getBytes(StandardCharsets.UTF_8)));
			json.writeEndObject();
		}
		json.writeEndArray();
	}

	private static void entity(JsonGenerator json, String what, String type, String typeDisplay, String role,
			String roleDisplay) throws IOException {
		json.writeStartObject();
		reference(json, "what", "reference", what);
		json.writeFieldName("type");
		coding(json, ENTITY_TYPE, type, typeDisplay);
		json.writeFieldName("role");
		coding(json, OBJECT_ROLE, role, roleDisplay);
		json.writeEndObject();
	}

	private static void concept(JsonGenerator json, String system, String code, String display) throws IOException {
		json.writeObjectFieldStart("type");
		json.writeArrayFieldStart("coding");
		coding(json, system, code, display);
		json.writeEndArray();
		json.writeEndObject();
	}

	private static void coding(JsonGenerator json, String system, String code, String display) throws IOException {
		json.writeStartObject();
		string(json, "system", system);
		string(json, "code", code);
		string(json, "display", display);
		json.writeEndObject();
	}

	/** A Reference with one field, left out, as HAPI leaves out what is empty, when that has no value. */
	private static void reference(JsonGenerator json, String name, String field, String value) throws IOException {
		if (value != null && !value.isEmpty()) {
			json.writeObjectFieldStart(name);
			json.writeStringField(field, value);
			json.writeEndObject();
		}
	}

	/** A string element as HAPI writes one: left out when it has no value. */
	private static void string(JsonGenerator json, String name, String value) throws IOException {
		if (value != null && !value.isEmpty()) {
			json.writeStringField(name, value);
		}
	}

}
