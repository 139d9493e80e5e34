"""`newsmine serve`: a read-only web application over the corpus database, for analysts.

Search around quotes, speakers and entities, with expert, entity, document and topic pages;
every HTML page has a JSON twin under /api/. See `app.create_app`.
"""
