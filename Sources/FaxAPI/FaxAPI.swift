// FaxAPI: the REST API v1 (being built).
import FaxServer
