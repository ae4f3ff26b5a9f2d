package org.careplanfhir.server.bulk;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.model.util.JpaConstants;
import ca.uhn.fhir.rest.api.RequestTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.provider.ProviderConstants;
import org.careplanfhir.server.web.RequestPipeline;

/**
 * A status poll names its job in the URL, as the kick-off's {@code Content-Location} does. HAPI
 * would otherwise look for a POSTed Parameters body and fail with a server error when a GET has
 * no {@code _jobId}.
 */
@Interceptor
class ExportStatusRequests {

	@Hook(value = Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED, order = RequestPipeline.REQUEST_SHAPE)
	public void requireJobId(RequestDetails request) {
		if (ProviderConstants.OPERATION_EXPORT_POLL_STATUS.equals(request.getOperation())
				&& request.getRequestType() != RequestTypeEnum.POST
				&& !request.getParameters().containsKey(JpaConstants.PARAM_EXPORT_POLL_STATUS_JOB_ID)) {
			throw new InvalidRequestException("Parameter '_jobId' is missing: poll the Content-Location URL the $export"
					+ " kick-off answered with");
		}
	}

}
