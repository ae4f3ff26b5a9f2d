package org.careplanfhir.server.bulk;

import java.util.Date;
import java.util.List;

import org.careplanfhir.server.security.policy.FhirAccess;

/**
 * A type whose records HAPI's export job does not hold, exported by the capability that keeps them
 * (the audit trail's AuditEvents): a system-level {@code $export} that names the type lists the
 * files this source describes in its manifest beside the job's own.
 */
public interface ExportSource {

	/** The resource type this source exports. */
	String type();

	/** Refuses, by throwing what {@code Refusals} makes, a caller that may not export every record of the type. */
	void checkAllowed(FhirAccess access);

	/**
	 * The files of the records recorded in the window, each at most {@code perFile} records: their
	 * URLs relative to the FHIR base, which a client downloads with its token as it does the others.
	 *
	 * @param since the window's start, or null for the beginning
	 * @param until the window's end (the export's transaction time), excluded
	 */
	List<String> files(Date since, Date until, int perFile);

}
