export * from './sign-in/sign-in';
export * from './forbidden/forbidden';
