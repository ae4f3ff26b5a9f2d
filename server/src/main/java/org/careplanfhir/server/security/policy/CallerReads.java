package org.careplanfhir.server.security.policy;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Whether the caller of a request may see a stored resource, by the same rules that decide what its
 * reads and searches are shown. A rule that reads other records to judge a write asks this before
 * it lets anything of such a record into its answer: a record the caller may not see is treated as
 * one that does not exist.
 */
public interface CallerReads {

	/** Whether the request's caller may be shown this resource. */
	boolean maySee(RequestDetails request, IBaseResource resource);

}
