package org.careplanfhir.server.fhir;

import java.util.List;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.IInterceptorService;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import ca.uhn.fhir.util.IModelVisitor2;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;

import org.springframework.stereotype.Component;
import org.careplanfhir.server.web.RequestPipeline;

/**
 * No stored string holds a control character, whichever way the resource arrived. The body checks
 * refuse one in a JSON or XML body, but a JSON Patch or FHIRPath Patch builds the stored resource
 * on the server, and PostgreSQL cannot hold U+0000: HAPI met the database's refusal with five
 * retries and a 409 whose message held SQL. Every resource about to be stored is checked here, in
 * its write's transaction, and a control character is a 400 naming the element; nothing is stored.
 * Registered with HAPI's global interceptor service, so writes from inside the server (a package
 * installed at start-up) are checked too, for U+0000, the one character PostgreSQL cannot store.
 */
@Component
@Interceptor
class StoredStringsCheck {

	private final FhirContext fhirContext;

	StoredStringsCheck(FhirContext fhirContext, IInterceptorService interceptors) {
		this.fhirContext = fhirContext;
		interceptors.registerInterceptor(this);
	}

	@Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED, order = RequestPipeline.REQUEST_SHAPE)
	public void beforeCreate(RequestDetails request, IBaseResource resource) {
		check(resource, request instanceof ServletRequestDetails);
	}

	@Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED, order = RequestPipeline.REQUEST_SHAPE)
	public void beforeUpdate(RequestDetails request, IBaseResource previous, IBaseResource resource) {
		check(resource, request instanceof ServletRequestDetails);
	}

	/**
	 * A client's write may hold no control character; the server's own (a package installed) no U+0000.
	 * The walk that finds one is cheap; the path for the answer is worked out only when there is one.
	 */
	private void check(IBaseResource resource, boolean fromClient) {
		ResourceElements.forEach(fhirContext, resource, element -> {
			if (element instanceof IPrimitiveType<?> primitive && forbiddenCharacter(primitive, fromClient) >= 0) {
				refuse(resource, fromClient);
			}
		});
	}

	private static int forbiddenCharacter(IPrimitiveType<?> primitive, boolean fromClient) {
		String value = primitive.getValueAsString();
		if (value != null) {
			for (int i = 0; i < value.length(); i++) {
				char c = value.charAt(i);
				if (c == 0 || (fromClient && c < 0x20 && c != '\t' && c != '\n' && c != '\r')) {
					return c;
				}
			}
		}
		return -1;
	}

	private void refuse(IBaseResource resource, boolean fromClient) {
		fhirContext.newTerser().visit(resource, new IModelVisitor2() {

			@Override
			public boolean acceptElement(IBase element, List<IBase> containing, List<BaseRuntimeChildDefinition> children,
					List<BaseRuntimeElementDefinition<?>> definitions) {
				if (element instanceof IPrimitiveType<?> primitive) {
					int c = forbiddenCharacter(primitive, fromClient);
					if (c >= 0) {
						throw new InvalidRequestException(String.format(
								"%s holds the control character U+%04X, which FHIR strings may not contain; nothing was stored",
								path(resource, children), c));
					}
				}
				return true;
			}

		});
		throw new InvalidRequestException(resource.fhirType()
				+ " holds a control character, which FHIR strings may not contain; nothing was stored");
	}

	private static String path(IBaseResource resource, List<BaseRuntimeChildDefinition> children) {
		StringBuilder path = new StringBuilder(resource.fhirType());
		for (BaseRuntimeChildDefinition child : children) {
			path.append('.').append(child.getElementName());
		}
		return path.toString();
	}

}
