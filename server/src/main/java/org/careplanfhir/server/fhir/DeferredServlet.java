package org.careplanfhir.server.fhir;

import java.io.IOException;
import java.util.function.Supplier;

import jakarta.servlet.GenericServlet;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

/**
 * A servlet that builds the real one when the container initialises it. Spring Boot sets up the
 * web server before the bean factory is frozen, and instantiates every bean that is a servlet
 * while doing so; were HAPI's server such a bean, its two thousand dependencies would be created
 * then, with uncached type lookups, costing seconds of start-up. Built here instead, after all
 * singletons exist, it finds them ready.
 */
final class DeferredServlet extends GenericServlet {

	private final transient Supplier<? extends Servlet> factory;

	private transient Servlet servlet;

	DeferredServlet(Supplier<? extends Servlet> factory) {
		this.factory = factory;
	}

	@Override
	public void init(ServletConfig config) throws ServletException {
		super.init(config);
		servlet = factory.get();
		servlet.init(config);
	}

	@Override
	public void service(ServletRequest request, ServletResponse response) throws ServletException, IOException {
		servlet.service(request, response);
	}

	@Override
	public void destroy() {
		if (servlet != null) {
			servlet.destroy();
		}
	}

}
