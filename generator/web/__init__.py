"""`neurones serve`: a local web app for teachers (make a kit, draw a digit, run the board).

Nothing here is imported by the command line until `serve` runs: the server's
libraries (Starlette, uvicorn, python-multipart) are heavy to import.
"""
