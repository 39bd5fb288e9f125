; CaseReview Windows installer (NSIS 3.08+, Modern UI 2, Simplified Chinese).
;
; Built by `python installer\build.py` on Windows (steps `bundle`, then `package`), which runs
;     makensis -INPUTCHARSET UTF8 /DCONFIG=<build>\installer.nsh installer\windows\casereview.nsi
; The generated include defines APP_VERSION (from pyproject.toml), PAYLOAD_DIR (the bundle
; folder dist\CaseReview), OUT_FILE, ICON_FILE and, when a signing command is configured,
; SIGN_COMMAND. CI compiles this script against a placeholder payload the way the official
; Windows NSIS reads it (system code page CP1252/CP936, x86 stubs only) and runs the result
; under Wine (tests/quality/test_installer_wine.py).
;
; Encoding: this file is UTF-8 WITH a byte-order mark. makensis on Windows reads files without
; a BOM in the system code page ("Bad text encoding"); the BOM wins over any -INPUTCHARSET.
; Target: x86-unicode, the only stubs the official NSIS download ships. The program itself is
; 64-bit: the installer uses $PROGRAMFILES64 and SetRegView 64 so that nothing lands in the
; 32-bit (WOW6432Node) places.
;
; Install modes
;   default        per user, no administrator rights: $LOCALAPPDATA\Programs\CaseReview,
;                  shortcuts and the uninstall entry for the current user only (HKCU).
;   /ALLUSERS      all users (elevated): $PROGRAMFILES64\CaseReview, shortcuts for all users,
;                  uninstall entry in HKLM. /D= is honoured in both modes.
;   /S             silent; /D=<folder> (last argument, no quotes) overrides the folder.
;   Without /D= an upgrade goes to the folder of the previous installation of the same mode
;   (InstallLocation of the uninstall entry), so a copy in a custom folder is not duplicated.
; Uninstaller: keeps the user's data (database, documents, logs, window settings) unless the
; box "同时删除我的评查数据" is ticked, or /REMOVEDATA is given to a silent uninstall.
;
; Exit codes (documented for IT in docs/install-windows.md; MSI-style where one exists, so
; Intune/SCCM understand them):
;   0     success
;   1     cancelled by the user (interactive only)
;   2     aborted: a file could not be written (AllowSkipFiles off: never a half-replaced runtime)
;   740   /ALLUSERS install, or uninstall of an all-users install, without administrator rights
;   1618  CaseReview is running (or its files are in use): nothing was changed, try again later
;   1633  this Windows is not supported (needs 64-bit Windows 10 1809 / build 17763 or later)
;
; File associations: none. CaseReview has no exchange file format of its own yet (its
; exports are ordinary PDF/XLSX/DOCX files that belong to other programs).
; Portable use: unpack the portable zip (or copy the installed folder) and keep the file
; portable.flag next to casereview-gui.exe: all data then stays in the data\ folder beside it.

Unicode true
Target x86-unicode
ManifestDPIAware true
SetCompressor /SOLID lzma
; A file that cannot be replaced aborts the installation (exit code 2) instead of being
; skipped silently, which would leave a mix of old and new runtime files.
AllowSkipFiles off

!ifndef CONFIG
  !error "缺少 /DCONFIG=<installer.nsh>：请用 python installer/build.py package 生成安装程序。"
!endif
!include "${CONFIG}"

!ifdef SIGN_COMMAND
  ; Sign the uninstaller before it is packed into the installer (the only way to sign it),
  ; then the installer itself. SIGN_COMMAND contains %1 for the file to sign.
  !uninstfinalize `${SIGN_COMMAND}` = 0
  !finalize `${SIGN_COMMAND}` = 0
!endif

!include "MUI2.nsh"
!include "nsDialogs.nsh"
!include "FileFunc.nsh"
!include "LogicLib.nsh"
!include "WinVer.nsh"
!include "x64.nsh"

!define APP_NAME "CaseReview"
!define APP_TITLE "CaseReview 案卷评查"
!define PUBLISHER "CaseReview"
!define GUI_EXE "casereview-gui.exe"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_NAME}"
; Qt's QSettings of the program (window layout, last user): HKCU\Software\<organisation>.
!define SETTINGS_KEY "Software\CaseReview"
!define ALLUSERS_MARKER "allusers.flag"
; Created by the running program (ui/app.py RUNNING_MUTEX; a test checks both agree). The
; session-local name guards a per-user install, the Global\ one an all-users install.
!define APP_MUTEX "CaseReview.Running.7f3d2c1e"
!define MIN_BUILD 17763  ; Windows 10 1809: Python 3.11 and Qt 6 need it
!define EXIT_NO_ADMIN 740
!define EXIT_RUNNING 1618
!define EXIT_UNSUPPORTED_OS 1633

Name "${APP_TITLE}"
OutFile "${OUT_FILE}"
; Per-user default; .onInit chooses again for /ALLUSERS (HKLM) and keeps an explicit /D=.
InstallDir "$LOCALAPPDATA\Programs\${APP_NAME}"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
RequestExecutionLevel user
ShowInstDetails show
ShowUninstDetails show
BrandingText "${APP_TITLE} ${APP_VERSION}"

VIProductVersion "${APP_VERSION_4}"
VIAddVersionKey /LANG=2052 "ProductName" "${APP_TITLE}"
VIAddVersionKey /LANG=2052 "FileDescription" "${APP_TITLE} 安装程序"
VIAddVersionKey /LANG=2052 "FileVersion" "${APP_VERSION}"
VIAddVersionKey /LANG=2052 "ProductVersion" "${APP_VERSION}"
VIAddVersionKey /LANG=2052 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=2052 "LegalCopyright" "Apache-2.0"

Var AllUsers
Var RemoveData
Var RemoveDataBox
Var UserDataDir   ; this user's data folder (never the ProgramData one of SetShellVarContext all)

!define MUI_ICON "${ICON_FILE}"
!define MUI_UNICON "${ICON_FILE}"
!define MUI_ABORTWARNING
!define MUI_WELCOMEPAGE_TEXT "将在本机安装 ${APP_TITLE} ${APP_VERSION}。$\r$\n$\r$\n默认只为当前用户安装，不需要管理员权限。$\r$\n$\r$\n单击“下一步”继续。"
!define MUI_FINISHPAGE_RUN "$INSTDIR\${GUI_EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "立即运行 ${APP_TITLE}"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
UninstPage custom un.DataPageCreate un.DataPageLeave
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "SimpChinese"

; ---- shared by installer and uninstaller ------------------------------------------------

!macro SHARED_FUNCTIONS UN
; Sets $AllUsers-dependent state after the mode is known: never returns while CaseReview runs.
Function ${UN}WaitUntilClosed
  ${If} $AllUsers == 1
    StrCpy $R1 "Global\${APP_MUTEX}"  ; any session: all users run this copy
  ${Else}
    StrCpy $R1 "${APP_MUTEX}"          ; this session
  ${EndIf}
  ${Do}
    ; OpenMutexW(SYNCHRONIZE): a handle, or ERROR_ACCESS_DENIED (5) when another user's
    ; program holds it, both mean "running"; ERROR_FILE_NOT_FOUND means it is not.
    System::Call 'kernel32::OpenMutexW(i 0x00100000, i 0, w R1) p .R2 ?e'
    Pop $R3
    ${If} $R2 P<> 0
      System::Call 'kernel32::CloseHandle(p R2)'
    ${ElseIf} $R3 <> 5
      ${Break}
    ${EndIf}
    MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "${APP_TITLE} 正在运行。$\r$\n$\r$\n请先保存工作并关闭所有 ${APP_TITLE} 窗口，然后单击“重试”。" /SD IDCANCEL IDRETRY +3
    SetErrorLevel ${EXIT_RUNNING}
    Quit
  ${Loop}
FunctionEnd

Function ${UN}RequireAdmin
  UserInfo::GetAccountType
  Pop $R2
  ${If} $R2 != "admin"
    MessageBox MB_ICONSTOP "$R0需要管理员权限：请在“以管理员身份运行”的命令提示符中执行，或联系 IT 部门。" /SD IDOK
    SetErrorLevel ${EXIT_NO_ADMIN}
    Quit
  ${EndIf}
FunctionEnd
!macroend
!insertmacro SHARED_FUNCTIONS ""
!insertmacro SHARED_FUNCTIONS "un."

; ---- install ---------------------------------------------------------------------------

Function .onInit
  ${IfNot} ${RunningX64}
  ${OrIfNot} ${AtLeastBuild} ${MIN_BUILD}
    ${WinVerGetBuild} $R0
    MessageBox MB_ICONSTOP "${APP_TITLE} 需要 64 位的 Windows 10（1809 版，内部版本 ${MIN_BUILD}）或更高版本，或 Windows 11。$\r$\n$\r$\n本机的 Windows 内部版本为 $R0，程序在这台电脑上无法运行，因此没有安装。请联系 IT 部门升级系统。" /SD IDOK
    SetErrorLevel ${EXIT_UNSUPPORTED_OS}
    Quit
  ${EndIf}
  SetRegView 64  ; the uninstall entry belongs in the 64-bit registry (the program is 64-bit)
  StrCpy $AllUsers 0
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/ALLUSERS" $R1
  ${IfNot} ${Errors}
    StrCpy $R0 "为所有用户安装（/ALLUSERS）"
    Call RequireAdmin
    StrCpy $AllUsers 1
    SetShellVarContext all
    ; NSIS removes /D= from $CMDLINE; the process command line still has it.
    System::Call 'kernel32::GetCommandLineW() t .R1'
    ClearErrors
    ${GetOptions} $R1 "/D=" $R2
    ${If} ${Errors}  ; no /D=: the previous all-users folder, else Program Files
      ReadRegStr $R2 HKLM "${UNINSTALL_KEY}" "InstallLocation"
      ${If} $R2 == ""
        StrCpy $R2 "$PROGRAMFILES64\${APP_NAME}"
      ${EndIf}
      StrCpy $INSTDIR $R2
    ${EndIf}
  ${EndIf}
  Call WaitUntilClosed
FunctionEnd

; Moves the old runtime out of the way in one step; a folder whose files are in use cannot be
; renamed, so a locked runtime stops the upgrade before anything was changed.
Function RetireOldRuntime
  RMDir /r "$INSTDIR\_internal.old"  ; left over from an interrupted upgrade
  ${IfNot} ${FileExists} "$INSTDIR\_internal\*.*"
    Return
  ${EndIf}
  ${Do}
    ClearErrors
    Rename "$INSTDIR\_internal" "$INSTDIR\_internal.old"
    ${IfNot} ${Errors}
      ${Break}
    ${EndIf}
    MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION "$INSTDIR 中的程序文件正在被使用（${APP_TITLE} 或其他程序打开了它们）。$\r$\n$\r$\n请关闭 ${APP_TITLE} 后单击“重试”。" /SD IDCANCEL IDRETRY +3
    SetErrorLevel ${EXIT_RUNNING}
    Quit
  ${Loop}
  RMDir /r "$INSTDIR\_internal.old"
FunctionEnd

Section "!程序文件" SecProgram
  SectionIn RO
  ; An update replaces the whole runtime: stale libraries of an older version must not stay.
  Call RetireOldRuntime
  SetOutPath "$INSTDIR"
  File /r "${PAYLOAD_DIR}\*"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  ${If} $AllUsers == 1
    FileOpen $0 "$INSTDIR\${ALLUSERS_MARKER}" w
    FileClose $0
  ${Else}
    Delete "$INSTDIR\${ALLUSERS_MARKER}"
  ${EndIf}

  CreateDirectory "$SMPROGRAMS\${APP_TITLE}"
  CreateShortcut "$SMPROGRAMS\${APP_TITLE}\${APP_TITLE}.lnk" "$INSTDIR\${GUI_EXE}" "" "$INSTDIR\${GUI_EXE}" 0
  CreateShortcut "$SMPROGRAMS\${APP_TITLE}\卸载 ${APP_TITLE}.lnk" "$INSTDIR\uninstall.exe"

  ; SHCTX is HKLM after SetShellVarContext all, HKCU otherwise.
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayName" "${APP_TITLE}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayVersion" "${APP_VERSION}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\${GUI_EXE}"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr SHCTX "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD SHCTX "${UNINSTALL_KEY}" "EstimatedSize" "$0"
SectionEnd

Section "桌面快捷方式" SecDesktop
  CreateShortcut "$DESKTOP\${APP_TITLE}.lnk" "$INSTDIR\${GUI_EXE}" "" "$INSTDIR\${GUI_EXE}" 0
SectionEnd

!insertmacro MUI_FUNCTION_DESCRIPTION_BEGIN
  !insertmacro MUI_DESCRIPTION_TEXT ${SecProgram} "桌面程序 casereview-gui.exe、命令行工具 casereview.exe 和开始菜单快捷方式。"
  !insertmacro MUI_DESCRIPTION_TEXT ${SecDesktop} "在桌面上放一个快捷方式。"
!insertmacro MUI_FUNCTION_DESCRIPTION_END

; ---- uninstall -------------------------------------------------------------------------

Function un.onInit
  SetRegView 64
  StrCpy $RemoveData 0
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/REMOVEDATA" $R1
  ${IfNot} ${Errors}
    StrCpy $RemoveData 1
  ${EndIf}
  ; platformdirs: %LOCALAPPDATA%\CaseReview\CaseReview (database, documents, logs) of the user
  ; running the uninstaller, read before SetShellVarContext all turns $LOCALAPPDATA into ProgramData.
  SetShellVarContext current
  StrCpy $UserDataDir "$LOCALAPPDATA\CaseReview\CaseReview"
  ${If} ${FileExists} "$INSTDIR\${ALLUSERS_MARKER}"
    StrCpy $AllUsers 1
    StrCpy $R0 "卸载为所有用户安装的 ${APP_TITLE}"
    Call un.RequireAdmin
    SetShellVarContext all
  ${Else}
    StrCpy $AllUsers 0
  ${EndIf}
  Call un.WaitUntilClosed
FunctionEnd

Function un.DataPageCreate
  !insertmacro MUI_HEADER_TEXT "评查数据" "选择是否保留本机上的评查数据。"
  nsDialogs::Create 1018
  Pop $0
  ${If} $0 == error
    Abort
  ${EndIf}
  StrCpy $1 ""
  ${If} ${FileExists} "$INSTDIR\data\*.*"
    StrCpy $1 "$\r$\n便携数据：$INSTDIR\data"
  ${EndIf}
  ${NSD_CreateLabel} 0 0 100% 56u "默认保留您的评查数据（数据库、导入的文书、日志和窗口设置），以后重新安装即可继续使用。$\r$\n数据位置（当前 Windows 用户）：$UserDataDir$1"
  Pop $0
  ${NSD_CreateCheckbox} 0 64u 100% 12u "同时删除我的评查数据"
  Pop $RemoveDataBox
  ${If} $RemoveData == 1
    ${NSD_Check} $RemoveDataBox
  ${EndIf}
  nsDialogs::Show
FunctionEnd

Function un.DataPageLeave
  ${NSD_GetState} $RemoveDataBox $0
  ${If} $0 == ${BST_CHECKED}
    MessageBox MB_YESNO|MB_ICONEXCLAMATION "删除后无法恢复。确定同时删除评查数据吗？" IDYES +2
    Abort
    StrCpy $RemoveData 1
  ${Else}
    StrCpy $RemoveData 0
  ${EndIf}
FunctionEnd

Section "Uninstall"
  ; Only what the installer put there: the folder may hold the portable data\ folder.
  RMDir /r "$INSTDIR\_internal"
  RMDir /r "$INSTDIR\_internal.old"
  Delete "$INSTDIR\casereview-gui.exe"
  Delete "$INSTDIR\casereview.exe"
  Delete "$INSTDIR\${ALLUSERS_MARKER}"
  Delete "$INSTDIR\uninstall.exe"

  Delete "$DESKTOP\${APP_TITLE}.lnk"
  RMDir /r "$SMPROGRAMS\${APP_TITLE}"
  DeleteRegKey SHCTX "${UNINSTALL_KEY}"

  ${If} $RemoveData == 1
    RMDir /r "$UserDataDir"
    ${GetParent} "$UserDataDir" $0
    RMDir "$0"  ; %LOCALAPPDATA%\CaseReview, when nothing else is in it
    DeleteRegKey HKCU "${SETTINGS_KEY}"
    RMDir /r "$INSTDIR\data"
    Delete "$INSTDIR\portable.flag"
  ${EndIf}
  RMDir "$INSTDIR"
SectionEnd
