@echo off
rem Starts the librarifier; every argument is passed through. See README.md or "librarifier.bat --help".
rem Its JVM options are in conf\jvm.options.
call "%~dp0lib\netd.bat" librarifier %*
exit /b %ERRORLEVEL%
