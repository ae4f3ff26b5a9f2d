package org.careplanfhir.server.security.policy;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * What the caller of a request may know of a stored record, for parts that read records on its
 * behalf (a workflow rule judging a write, a check of what a write points at). Such a part reads as
 * the system, then asks this before anything of the record reaches its answer.
 */
public interface CallerRights {

	/**
	 * Whether the caller may be shown this record: the same rules that decide what its reads and
	 * searches are shown (its scope on the type, its patients, granular filters).
	 */
	boolean maySee(RequestDetails request, IBaseResource resource);

	/**
	 * Whether the record is within the caller's reach, whatever the interaction: it belongs to one of
	 * the patients the caller's scopes are confined to, lies outside every patient's compartment, or
	 * the caller has a {@code system/} scope on its type. A record out of reach is, to the caller, one
	 * that does not exist.
	 */
	boolean mayReach(RequestDetails request, IBaseResource resource);

}
